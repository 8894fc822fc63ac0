//! PHP value semantics the server's checks rely on, as pure functions.
//!
//! The portal validates decoded request values with PHP's own rules (`is_numeric`, `isset`,
//! `empty`, `mb_strlen`, string conversion of floats). Each rule lives here once so that checks
//! read like the server code they mirror.

use crate::json::{Node, Number, Value};

pub use crate::json::keys::{array_key, merge_assignments, PhpKey};

/// PHP's `is_numeric` for strings (PHP 8): optional leading and trailing whitespace
/// (space, `\t`, `\n`, `\r`, `\v`, `\f`), an optional sign, digits with an optional fraction
/// (`.5` and `5.` both count), and an optional exponent.
pub fn is_numeric_str(s: &str) -> bool {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C);
    let b = s.as_bytes();
    let mut i = b.iter().take_while(|c| ws(c)).count();
    let end = b.len() - b[i..].iter().rev().take_while(|c| ws(c)).count();
    if matches!(b.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_digits = b[i..end].iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if i < end && b[i] == b'.' {
        i += 1;
        frac_digits = b[i..end].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if i < end && matches!(b[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < end && matches!(b[j], b'+' | b'-') {
            j += 1;
        }
        let exp_digits = b[j..end].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp_digits == 0 {
            return false;
        }
        i = j + exp_digits;
    }
    i == end
}

/// PHP's `is_numeric` for a decoded JSON value.
pub fn is_numeric(v: &Value) -> bool {
    match v {
        Value::Number(_) => true,
        Value::String(s) => is_numeric_str(s),
        _ => false,
    }
}

/// PHP's `empty()`: `null`, `false`, `0`, `0.0`, `""`, `"0"` and empty arrays.
pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.int.map_or(n.float == 0.0, |i| i == 0),
        Value::String(s) => s.is_empty() || s == "0",
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

/// PHP's `isset($array[$key])` for an entry that exists: the value must not be `null`.
/// (Absence — `array_key_exists` false — is the caller's `None`.)
pub fn isset(v: Option<&Node>) -> bool {
    v.is_some_and(|n| !matches!(n.value, Value::Null))
}

/// The string PHP makes of a scalar (`strval`): integers plainly, floats with 14 significant
/// digits (`precision`), `true` as `1`, `false` and `null` as the empty string. `None` for arrays,
/// which PHP cannot convert without a TypeError or "Array".
pub fn to_php_string(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => String::new(),
        Value::Bool(true) => "1".to_string(),
        Value::Bool(false) => String::new(),
        Value::Number(n) => number_to_string(n),
        Value::String(s) => s.clone(),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

pub fn number_to_string(n: &Number) -> String {
    match n.int {
        Some(i) => i.to_string(),
        None => float_to_string(n.float),
    }
}

/// A double as PHP prints it with `precision = 14` (`%.14G`, plus `.0` before a bare exponent):
/// `1.5` → `1.5`, `1e15` → `1.0E+15`, `0.0001` → `0.0001`, `1e-5` → `1.0E-5`, `INF`, `-INF`.
pub fn float_to_string(f: f64) -> String {
    const PRECISION: i32 = 14;
    if f.is_nan() {
        return "NAN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "INF" } else { "-INF" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // Round to 14 significant digits, then decide between plain and scientific like %G.
    let sci = format!("{:.*e}", (PRECISION - 1) as usize, f);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    if !(-4..PRECISION).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}.{rest}E{esign}{}", exp.abs())
    } else if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        format!("{sign}0.{zeros}{digits}")
    } else {
        let int_len = (exp + 1) as usize;
        if digits.len() <= int_len {
            format!("{sign}{digits}{}", "0".repeat(int_len - digits.len()))
        } else {
            format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
        }
    }
}

/// PHP's `mb_strlen` on UTF-8 text: the number of code points.
pub fn mb_strlen(s: &str) -> usize {
    s.chars().count()
}

/// PHP's `(int)` cast of a decoded JSON value (PHP 8, 64-bit): floats outside the integer
/// range wrap around, numeric strings that overflow saturate, non-finite values give 0, a
/// string is read up to the end of its leading number.
pub fn intval(v: &Value) -> i64 {
    match v {
        Value::Null => 0,
        Value::Bool(b) => i64::from(*b),
        Value::Number(n) => n.int.unwrap_or_else(|| float_to_int_wrapping(n.float)),
        Value::String(s) => string_to_int(s),
        Value::Array(a) => i64::from(!a.is_empty()),
        Value::Object(o) => i64::from(!o.is_empty()),
    }
}

/// Whether a numeric value can be passed to a PHP parameter declared `int` (coercive mode):
/// integers and integer strings in range can, floats and float strings only when finite and
/// within the 64-bit range (a fraction is only deprecated). Anything else is a TypeError.
pub fn fits_int_param(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.int.is_some() || fits(n.float),
        Value::String(s) if is_numeric_str(s) => {
            let t =
                s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C'));
            t.parse::<i64>().is_ok() || t.parse::<f64>().is_ok_and(fits)
        }
        Value::Bool(_) => true,
        _ => false,
    }
}

/// 2^63 as a double: the first value that does not fit a signed 64-bit integer.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

fn fits(d: f64) -> bool {
    (-TWO_POW_63..TWO_POW_63).contains(&d)
}

/// `(int)$float`: modular arithmetic outside the 64-bit range (spec OPEN-7: observed on
/// PHP 8.2, 64-bit).
fn float_to_int_wrapping(d: f64) -> i64 {
    if !d.is_finite() {
        return 0;
    }
    if fits(d) {
        return d as i64;
    }
    let two_pow_64 = 2.0 * TWO_POW_63;
    let mut m = d.trunc() % two_pow_64;
    if m < 0.0 {
        m += two_pow_64;
    }
    if m >= TWO_POW_63 {
        m -= two_pow_64;
    }
    m as i64
}

/// `(int)$string`: the leading number (after whitespace); integers that overflow and
/// fractional or exponent forms go through a double and saturate.
fn string_to_int(s: &str) -> i64 {
    let ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C');
    let t = s.trim_start_matches(ws);
    let b = t.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let int_digits = i - digits_start;
    let mut integral = true;
    if b.get(i) == Some(&b'.') && (int_digits > 0 || b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
        integral = false;
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if i == digits_start || (int_digits == 0 && integral) {
        return 0;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if b.get(j).is_some_and(u8::is_ascii_digit) {
            integral = false;
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            i = j;
        }
    }
    let number = &t[..i];
    if integral {
        if let Ok(v) = number.trim_start_matches('+').parse::<i64>() {
            return v;
        }
    }
    let d: f64 = number.parse().unwrap_or(0.0);
    if !d.is_finite() {
        0
    } else if fits(d) {
        d as i64
    } else if d > 0.0 {
        i64::MAX
    } else {
        i64::MIN
    }
}

/// What the portal stores for `sort`: PHP's `(int)` of the accepted numeric value, clamped to
/// the signed 32-bit column. `None` if the value is not numeric (the server refuses it).
pub fn stored_int32(v: &Value) -> Option<i64> {
    is_numeric(v).then(|| intval(v).clamp(i32::MIN as i64, i32::MAX as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::decode_number;

    /// Checked against PHP 8.2: `function f(int $x)` called with each decoded JSON value.
    #[test]
    fn int_parameters_refuse_what_does_not_fit() {
        let cases = r#"[[5, true], ["5", true], [" 5", true], ["5 ", true], ["1e3", true],
            ["1.5", true], [1.5, true], [1e20, false], ["1e20", false],
            ["9223372036854775807", true], ["9223372036854775808", false],
            [9223372036854775807, true], [9223372036854775808, false],
            [-9223372036854775808, true], ["-9223372036854775809", true], [-1e19, false],
            [9.2233720368547748e18, true], ["0x1A", false], ["+5", true], [".5", true],
            ["5.", true]]"#;
        let parsed = crate::json::parse(cases.as_bytes()).unwrap();
        let Value::Array(rows) = &parsed.root.value else {
            panic!()
        };
        for row in rows {
            let Value::Array(pair) = &row.value else {
                panic!()
            };
            let want = matches!(pair[1].value, Value::Bool(true));
            assert_eq!(fits_int_param(&pair[0].value), want, "{:?}", pair[0].value);
        }
    }

    #[test]
    fn is_numeric_follows_php8() {
        for yes in [
            "1", " 7", "7 ", "\t7", "+5", "-0", "1e3", ".5", "5.", "1.5", "1E+3", " 1e-3 \n",
            "00012",
        ] {
            assert!(is_numeric_str(yes), "{yes:?}");
        }
        for no in [
            "", " ", "abc", "0x1A", "0b11", "1_000", "١", ".", "1e", "e3", "--1", "1 2", "+",
            "1e+", "5.e", "\u{a0}5",
        ] {
            assert!(!is_numeric_str(no), "{no:?}");
        }
    }

    #[test]
    fn floats_print_with_14_significant_digits() {
        let cases = [
            (1.5, "1.5"),
            (1e15, "1.0E+15"),
            (1e14, "1.0E+14"),
            (1e13, "10000000000000"),
            (0.1, "0.1"),
            (0.0001, "0.0001"),
            (0.00001, "1.0E-5"),
            (100.0, "100"),
            (-2.5e-7, "-2.5E-7"),
            (1.0 / 3.0, "0.33333333333333"),
            (123456789012345678.0, "1.2345678901235E+17"),
            (f64::INFINITY, "INF"),
            (f64::NEG_INFINITY, "-INF"),
            (-0.0, "-0"),
        ];
        for (f, s) in cases {
            assert_eq!(float_to_string(f), s, "{f}");
        }
    }

    #[test]
    fn array_keys_like_php() {
        assert_eq!(array_key("7"), PhpKey::Int(7));
        assert_eq!(array_key("-3"), PhpKey::Int(-3));
        assert_eq!(array_key("0"), PhpKey::Int(0));
        for s in ["07", "-0", "1.0", "", "a", "99999999999999999999", " 1"] {
            assert_eq!(array_key(s), PhpKey::Str(s));
        }
    }

    #[test]
    fn assignments_keep_the_first_position_and_the_last_value() {
        assert_eq!(merge_assignments(&["a", "b", "a"]), vec![(0, 2), (1, 1)]);
        let many: Vec<usize> = (0..40).chain(0..40).collect();
        assert_eq!(merge_assignments(&many)[5], (5, 45));
    }

    #[test]
    fn big_integers_become_floats() {
        let n = decode_number("123456789012345678901234567890", true);
        assert_eq!(n.int, None);
        assert_eq!(number_to_string(&n), "1.2345678901235E+29");
        assert_eq!(decode_number("-0", true).int, Some(0));
    }

    #[test]
    fn intval_like_php() {
        let s = |x: &str| intval(&Value::String(x.into()));
        let f = |x: &str| intval(&decode_number(x, false).into_value());
        assert_eq!(s("5"), 5);
        assert_eq!(s(" 5"), 5);
        assert_eq!(s("00012"), 12);
        assert_eq!(s("1e3"), 1000);
        assert_eq!(s("0.9"), 0);
        assert_eq!(s("-1"), -1);
        assert_eq!(s("1e999"), 0);
        assert_eq!(s("99999999999999999999"), i64::MAX);
        assert_eq!(s("12abc"), 12);
        assert_eq!(s("abc"), 0);
        assert_eq!(s(".5"), 0);
        assert_eq!(f("5.7"), 5);
        assert_eq!(f("-0.5"), 0);
        // Outside the 64-bit range a double wraps around (values checked against PHP 8.2).
        assert_eq!(f("18446744073709555712"), 4096);
        assert_eq!(f("1e19"), -8446744073709551616);
        assert_eq!(f("-9.3e18"), 9146744073709551616);
        assert_eq!(f("1e20"), 7766279631452241920);
        assert_eq!(f("-1e20"), -7766279631452241920);
    }

    #[test]
    fn empty_and_isset() {
        assert!(is_empty(&Value::String("0".into())));
        assert!(!is_empty(&Value::String("0.0".into())));
        assert!(is_empty(&decode_number("0.0", false).into_value()));
        assert!(!isset(None));
        assert!(!isset(Some(&Node {
            span: Default::default(),
            value: Value::Null
        })));
    }

    #[test]
    fn stored_sort_values() {
        let s = |x: &str| stored_int32(&Value::String(x.into()));
        assert_eq!(s("1.9"), Some(1));
        assert_eq!(s("1e3"), Some(1000));
        assert_eq!(s(" 7"), Some(7));
        assert_eq!(s("1e999"), Some(0));
        assert_eq!(s("99999999999"), Some(2147483647));
        assert_eq!(s("-99999999999"), Some(-2147483648));
        assert_eq!(
            stored_int32(&decode_number("1.5", false).into_value()),
            Some(1)
        );
    }

    impl Number {
        fn into_value(self) -> Value {
            Value::Number(self)
        }
    }
}
