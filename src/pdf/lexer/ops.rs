//! Parsed operations in a compact form: [`Operand`] (16 bytes, nothing to
//! drop) and [`Ops`], operator names, operands, string and name bytes and
//! array elements each in one flat store; lopdf's operations converted to it
//! losslessly ([`Ops::from_lopdf`]).

use super::*;

/// One operand, compact (16 bytes, nothing to drop): strings and names
/// are ranges of [`Ops`]'s byte arena, arrays ranges of its element list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Operand {
    Int(i64),
    Real(f32),
    /// A name without its `/`: `Ops::bytes(start, end)`.
    Name(u32, u32),
    /// A string: `Ops::bytes(start, end)`; `true` when written in hex.
    Str(u32, u32, bool),
    /// An array: `Ops::elements(start, end)`.
    Array(u32, u32),
    /// Anything else — a dictionary (marked content), a boolean, null, a
    /// nested array (from lopdf): an index into `others`, kept for the
    /// tests that compare with lopdf; the rewriter uses none of them.
    Other(u32),
}

/// Parsed operations, stored flat (no allocation per operation or
/// operand): operator names in one string, operands in one vector, the
/// bytes of strings and names in one arena, array elements in one vector.
#[derive(Default)]
pub(crate) struct Ops {
    pub(super) names: String,
    /// (name start, name end, first operand, end of operands)
    pub(super) ops: Vec<(u32, u32, u32, u32)>,
    pub(super) args: Vec<Operand>,
    pub(super) elems: Vec<Operand>,
    pub(super) bytes: Vec<u8>,
    pub(super) others: Vec<Object>,
}

impl Ops {
    /// Record an operator read by the lexer, whose operands are
    /// `args[first..]`. Operator characters are ASCII, so no UTF-8
    /// validation is needed (a non-ASCII byte, which the lexer never
    /// passes, would become U+FFFD).
    pub(super) fn push_op(&mut self, name: &[u8], first: usize) {
        let ns = self.names.len() as u32;
        for &b in name {
            self.names.push(if b.is_ascii() {
                b as char
            } else {
                char::REPLACEMENT_CHARACTER
            });
        }
        self.ops.push((
            ns,
            self.names.len() as u32,
            first as u32,
            self.args.len() as u32,
        ));
    }

    /// The operations, as (operator, operands).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &[Operand])> {
        self.ops.iter().map(|&(ns, ne, a, e)| {
            (
                self.names.get(ns as usize..ne as usize).unwrap_or(""),
                self.args.get(a as usize..e as usize).unwrap_or(&[]),
            )
        })
    }

    /// The bytes of a [`Operand::Name`] or [`Operand::Str`].
    #[inline]
    pub(crate) fn bytes(&self, start: u32, end: u32) -> &[u8] {
        self.bytes.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// The elements of an [`Operand::Array`].
    #[inline]
    pub(crate) fn elements(&self, start: u32, end: u32) -> &[Operand] {
        self.elems.get(start as usize..end as usize).unwrap_or(&[])
    }

    pub(super) fn push_bytes(&mut self, b: &[u8]) -> (u32, u32) {
        let start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(b);
        (start, self.bytes.len() as u32)
    }

    pub(super) fn other(&mut self, o: Object) -> Operand {
        self.others.push(o);
        Operand::Other(self.others.len() as u32 - 1)
    }

    /// An operand from a lopdf object.
    fn operand(&mut self, o: Object) -> Operand {
        match o {
            Object::Integer(i) => Operand::Int(i),
            Object::Real(r) => Operand::Real(r),
            Object::Name(n) => {
                let (s, e) = self.push_bytes(&n);
                Operand::Name(s, e)
            }
            Object::String(b, f) => {
                let (s, e) = self.push_bytes(&b);
                Operand::Str(s, e, f == StringFormat::Hexadecimal)
            }
            Object::Array(items) => {
                let items: Vec<Operand> = items
                    .into_iter()
                    .map(|x| match x {
                        Object::Array(_) => self.other(x),
                        x => self.operand(x),
                    })
                    .collect();
                let start = self.elems.len() as u32;
                self.elems.extend(items);
                Operand::Array(start, self.elems.len() as u32)
            }
            other => self.other(other),
        }
    }

    /// A lopdf object from an operand.
    pub(super) fn object(&self, o: &Operand) -> Object {
        match *o {
            Operand::Int(i) => Object::Integer(i),
            Operand::Real(r) => Object::Real(r),
            Operand::Name(s, e) => Object::Name(self.bytes(s, e).to_vec()),
            Operand::Str(s, e, hex) => Object::String(
                self.bytes(s, e).to_vec(),
                if hex {
                    StringFormat::Hexadecimal
                } else {
                    StringFormat::Literal
                },
            ),
            Operand::Array(s, e) => {
                Object::Array(self.elements(s, e).iter().map(|x| self.object(x)).collect())
            }
            Operand::Other(i) => self.others.get(i as usize).cloned().unwrap_or(Object::Null),
        }
    }

    /// From lopdf's operations (the fallback parser).
    pub(crate) fn from_lopdf(operations: Vec<Operation>) -> Ops {
        let mut ops = Ops::default();
        for o in operations {
            let first = ops.args.len();
            for x in o.operands {
                let a = ops.operand(x);
                ops.args.push(a);
            }
            let ns = ops.names.len() as u32;
            ops.names.push_str(&o.operator);
            ops.ops.push((
                ns,
                ops.names.len() as u32,
                first as u32,
                ops.args.len() as u32,
            ));
        }
        ops
    }

    #[cfg(test)]
    pub(super) fn to_lopdf(&self) -> Vec<Operation> {
        self.iter()
            .map(|(n, a)| Operation::new(n, a.iter().map(|x| self.object(x)).collect()))
            .collect()
    }
}
