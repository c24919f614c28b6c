//! Unit tests of the code schemes and the CMap parser.

use super::*;

#[test]
fn predefined_names() {
    assert!(matches!(
        predefined("UniJIS-UCS2-H"),
        Predefined::Known {
            scheme: CodeScheme::Ucs2 { half_width: false }
        }
    ));
    assert!(matches!(
        predefined("UniJIS-UCS2-HW-V"),
        Predefined::Known {
            scheme: CodeScheme::Ucs2 { half_width: true }
        }
    ));
    assert!(matches!(
        predefined("90ms-RKSJ-H"),
        Predefined::Known {
            scheme: CodeScheme::Rksj {
                proportional: false
            }
        }
    ));
    assert!(matches!(
        predefined("90msp-RKSJ-H"),
        Predefined::Known {
            scheme: CodeScheme::Rksj { proportional: true }
        }
    ));
    assert!(matches!(
        predefined("EUC-H"),
        Predefined::Known {
            scheme: CodeScheme::EucJp
        }
    ));
    assert!(matches!(predefined("Foo-Bar"), Predefined::Unknown));
}

#[test]
fn rksj_split_and_decode() {
    let s = CodeScheme::Rksj {
        proportional: false,
    };
    // "A" then 件 (0x8C8F) in Shift_JIS
    let bytes = [0x41u8, 0x8C, 0x8F];
    let (c, n) = s.next_code(&bytes);
    assert_eq!((c, n), (0x41, 1));
    assert_eq!(s.unicode(c, n).as_deref(), Some("A"));
    assert_eq!(s.cid_for_width(c, n), Some(231 + 0x21));
    let (c, n) = s.next_code(&bytes[1..]);
    assert_eq!((c, n), (0x8C8F, 2));
    assert_eq!(s.unicode(c, n).as_deref(), Some("件"));
    assert_eq!(s.cid_for_width(c, n), None);
}

#[test]
fn utf16_surrogates() {
    let s = CodeScheme::Utf16 { half_width: false };
    let bytes = [0xD8u8, 0x42, 0xDF, 0xB7, 0x00, 0x41];
    let (c, n) = s.next_code(&bytes);
    assert_eq!(n, 4);
    assert_eq!(s.unicode(c, n).as_deref(), Some("𠮷"));
    let (c, n) = s.next_code(&bytes[4..]);
    assert_eq!(s.unicode(c, n).as_deref(), Some("A"));
    assert_eq!(s.cid_for_width(c, n), Some(34));
}

#[test]
fn parse_to_unicode() {
    let src = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        2 beginbfchar <0003> <0020> <0010> <00660069> endbfchar\n\
        2 beginbfrange <0020> <0022> <4E00> <0030> <0031> [<0041> <D842DFB7>] endbfrange\n\
        1 begincidrange <8140> <817e> 633 endcidrange\n endcmap";
    let m = parse_cmap(src);
    assert!(!m.vertical);
    assert!(parse_cmap(b"/CMapName /X def /WMode 1 def begincmap endcmap").vertical);
    assert_eq!(m.unicode.get(&3).map(String::as_str), Some(" "));
    assert_eq!(m.unicode.get(&0x10).map(String::as_str), Some("fi"));
    assert_eq!(m.unicode.get(&0x21).map(String::as_str), Some("\u{4e01}"));
    assert_eq!(m.unicode.get(&0x31).map(String::as_str), Some("𠮷"));
    assert_eq!(m.codespace.len(), 1);
    let e = m.into_embedded();
    assert_eq!(e.cid(0x8141, 2), Some(634));
}
