//! The export as CSV (RFC 4180: comma-separated, CRLF line ends, a cell quoted when it
//! holds a comma, a quote or a line break, its quotes doubled). Project names come
//! from whatever an editor plugin reported, so a cell a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written
//! with a `'` before it, which spreadsheets take as "this is text".

use super::ExportRow;

/// The first line.
pub const HEADER: [&str; 5] = ["date", "kind", "name", "seconds", "text"];

/// What starts a formula (or hides one) in Excel, LibreOffice and Google Sheets.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Every row under the header, each line ending in CRLF.
pub fn write(rows: &[ExportRow]) -> String {
    let mut out = line(HEADER.iter().map(|h| h.to_string()));
    for row in rows {
        out.push_str(&line([
            row.date.clone(),
            row.kind.key().to_owned(),
            row.name.clone(),
            row.seconds.to_string(),
            row.text.clone(),
        ]));
    }
    out
}

fn line(cells: impl IntoIterator<Item = String>) -> String {
    let mut out = cells
        .into_iter()
        .map(|c| cell(&c))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// One cell as written: defused if a spreadsheet would run it, then quoted if needed.
pub fn cell(text: &str) -> String {
    let text = if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote_before_them() {
        for (name, written) in [
            ("=1+2", "'=1+2"),
            ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
            ("-2+3", "'-2+3"),
            ("@cmd", "'@cmd"),
            ("\t=evil", "'\t=evil"),
            ("\r=evil", "\"'\r=evil\""),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
        ] {
            assert_eq!(cell(name), written, "{name:?}");
        }
    }

    #[test]
    fn ordinary_cells_are_left_alone_and_quoted_only_when_needed() {
        for (name, written) in [
            ("wakadesk", "wakadesk"),
            ("advent-of-code", "advent-of-code"),
            ("a=b", "a=b"),
            ("C++", "C++"),
            ("1 hr 12 mins", "1 hr 12 mins"),
            ("", ""),
            ("Hello, world", "\"Hello, world\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            (" =spaced", " =spaced"),
        ] {
            assert_eq!(cell(name), written, "{name:?}");
        }
    }
}
