//! The object grammar on top of the [`Parser`] cursor: names (`#xx`
//! decoded), numbers, references, literal and hex strings (extent only),
//! arrays and dictionaries, each bounded by [`MAX_DEPTH`] and [`MAX_KEPT`].

use super::*;

impl Parser<'_> {
    pub(super) fn value(&mut self, depth: usize, keep: bool) -> Option<Value> {
        self.values += 1;
        let keep = keep && self.kept < MAX_KEPT;
        if keep {
            self.kept += 1;
        }
        let v = match self.peek()? {
            b'/' => {
                let n = self.name(keep);
                if keep {
                    Value::Name(n)
                } else {
                    Value::Dropped
                }
            }
            b'(' => {
                self.literal()?;
                Value::Str
            }
            b'<' if self.peek_at(1) == Some(b'<') => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                let d = self.dict(depth + 1, keep, None)?;
                if keep {
                    Value::Dict(d)
                } else {
                    Value::Dropped
                }
            }
            b'<' => {
                self.hex()?;
                Value::Str
            }
            b'[' => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.eat(b"]") {
                        break;
                    }
                    let item = self.value(depth + 1, keep)?;
                    if keep && item != Value::Dropped {
                        items.push(item);
                    }
                }
                if keep {
                    Value::Array(items)
                } else {
                    Value::Dropped
                }
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number()?,
            _ => {
                if self.eat(b"true") {
                    Value::Bool(true)
                } else if self.eat(b"false") {
                    Value::Bool(false)
                } else if self.eat(b"null") {
                    Value::Null
                } else {
                    return None;
                }
            }
        };
        Some(if keep { v } else { Value::Dropped })
    }

    /// A name (cursor at `/`): `#xx` decoded, a `#` without two hex digits
    /// kept as is.
    fn name(&mut self, keep: bool) -> Vec<u8> {
        self.name_scratch(keep);
        if keep {
            self.scratch.clone()
        } else {
            Vec::new()
        }
    }

    /// A name into `self.scratch` (cleared first; left empty unless `keep`).
    fn name_scratch(&mut self, keep: bool) {
        self.pos += 1;
        self.scratch.clear();
        while let Some(c) = self.peek().filter(|&c| is_regular(c)) {
            let mut byte = c;
            self.pos += 1;
            if c == b'#' {
                if let (Some(h), Some(l)) = (
                    self.peek().and_then(hex_val),
                    self.peek_at(1).and_then(hex_val),
                ) {
                    byte = h << 4 | l;
                    self.pos += 2;
                }
            }
            if keep && self.scratch.len() < MAX_NAME {
                self.scratch.push(byte);
            }
        }
    }

    /// `[+-]? (digits ['.' digits] | '.' digits)`, or a reference `N G R`
    /// when an unsigned integer is followed by one.
    fn number(&mut self) -> Option<Value> {
        let start = self.pos;
        let signed = matches!(self.peek(), Some(b'+' | b'-'));
        if signed {
            self.pos += 1;
        }
        let int_start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let int_digits = self.pos - int_start;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let frac_start = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
            if int_digits == 0 && self.pos == frac_start {
                return None;
            }
            let text = std::str::from_utf8(self.b.get(start..self.pos)?).ok()?;
            return Some(Value::Real(text.parse().unwrap_or(0.0)));
        }
        if int_digits == 0 {
            return None;
        }
        let digits = self.b.get(int_start..self.pos)?;
        let mut v: i64 = 0;
        for &d in digits {
            match v
                .checked_mul(10)
                .and_then(|v| v.checked_add((d - b'0') as i64))
            {
                Some(n) => v = n,
                None => {
                    // Too large for i64: lopdf fails here; a real keeps going.
                    let text = std::str::from_utf8(self.b.get(start..self.pos)?).ok()?;
                    return Some(Value::Real(text.parse().unwrap_or(0.0)));
                }
            }
        }
        if self.b.get(start) == Some(&b'-') {
            v = -v;
        }
        if !signed {
            if let Some(r) = self.reference(v) {
                return Some(r);
            }
        }
        Some(Value::Int(v))
    }

    /// After an unsigned integer `num`: ` G R` makes it a reference.
    fn reference(&mut self, num: i64) -> Option<Value> {
        let num = u32::try_from(num).ok()?;
        let save = self.pos;
        self.skip_space();
        let r = (|| {
            let gen = u16::try_from(self.unsigned()?).ok()?;
            self.skip_space();
            self.eat(b"R").then_some(Value::Ref(num, gen))
        })();
        if r.is_none() {
            self.pos = save;
        }
        r
    }

    /// A literal string (cursor at `(`): balanced parentheses, `\` escapes.
    fn literal(&mut self) -> Option<()> {
        self.pos += 1;
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'\\' => {
                    self.peek_at(1)?;
                    self.pos += 2;
                }
                b'(' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    self.pos += 1;
                }
                b')' => {
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                    depth -= 1;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// A hex string (cursor at `<`), up to `>`.
    fn hex(&mut self) -> Option<()> {
        self.pos += 1;
        let len = memchr::memchr(b'>', self.b.get(self.pos..)?)?;
        self.pos += len + 1;
        Some(())
    }

    /// A dictionary (cursor at `<<`). `shallow`: values that are arrays or
    /// dictionaries are skipped, and with `Some(key)` only that entry is
    /// kept.
    pub(super) fn dict(
        &mut self,
        depth: usize,
        keep: bool,
        shallow: Option<Option<&[u8]>>,
    ) -> Option<Dict> {
        self.pos += 2;
        let mut d = Dict::default();
        loop {
            self.skip_space();
            if self.eat(b">>") {
                return Some(d);
            }
            if self.peek()? != b'/' {
                return None;
            }
            self.values += 1;
            self.name_scratch(keep);
            let keep_entry = keep
                && shallow.is_none_or(|only| only.is_none_or(|k| k == self.scratch.as_slice()));
            let key = if keep_entry {
                self.scratch.clone()
            } else {
                Vec::new()
            };
            self.skip_space();
            let start = self.pos;
            let value = if self.at(b">>") {
                // A key without a value (lopdf fails): null.
                Value::Null
            } else {
                let nested = self.at(b"[") || self.at(b"<<");
                self.value(depth, keep_entry && !(shallow.is_some() && nested))?
            };
            if keep_entry {
                d.entries.push((key, value, (start, self.pos)));
            }
        }
    }
}
