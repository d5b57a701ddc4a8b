//! CSV files for spreadsheets (server only): RFC 4180 quoting, and text a
//! spreadsheet would run as a formula defused. Every export of what
//! members wrote goes through here.

/// One line of `cells`, CRLF-terminated.
pub fn push_row(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells.iter().map(|cell| cell_of(cell)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// RFC 4180 quoting, and a leading apostrophe for text a spreadsheet would
/// run as a formula (members write their own names and answers).
pub fn cell_of(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_separators_quoted() {
        assert_eq!(cell_of("=1+1"), "'=1+1");
        assert_eq!(cell_of("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell_of("-2"), "'-2");
        assert_eq!(cell_of("a,b"), "\"a,b\"");
        assert_eq!(cell_of("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell_of("=x,\"y\""), "\"'=x,\"\"y\"\"\"");
        let mut out = String::new();
        push_row(&mut out, &["Ada".into(), "+44".into()]);
        assert_eq!(out, "Ada,'+44\r\n");
    }
}
