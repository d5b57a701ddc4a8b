//! Which uploads are accepted, and how a stored file is named and sent.
//!
//! Compiled for both builds: the client checks a file's extension and size
//! before it sends anything (`by_extension`, `accept_attribute`,
//! `DEFAULT_UPLOAD_MAX_BYTES`), the server is the authority and also looks
//! at the content (`check_upload`, server only).

/// The largest upload accepted unless `UPLOAD_MAX_BYTES` says otherwise:
/// 25 MiB.
pub const DEFAULT_UPLOAD_MAX_BYTES: u64 = 25 * 1024 * 1024;

/// The first bytes of an upload that `check_upload` looks at.
pub const SNIFF_BYTES: usize = 8 * 1024;

/// An accepted kind of file.
#[derive(Debug, PartialEq, Eq)]
pub struct FileType {
    /// Lower case, without the dot.
    pub extension: &'static str,
    /// The `Content-Type` a download is sent with.
    pub mime: &'static str,
    /// Shown in the browser (images and PDF) rather than downloaded.
    pub inline: bool,
    /// What a member reads: "PDF", "Image", "Word document"…
    pub label: &'static str,
    content: Content,
}

/// What the content of a kind of file must look like.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Content {
    /// Exactly this type as `infer` sniffs it.
    Exact(&'static str),
    /// A zip container (office open XML, OpenDocument): `infer` says zip
    /// or this specific type.
    Zip(&'static str),
    /// An OLE compound file (legacy office): `infer` says OLE storage or
    /// this specific type.
    Ole(&'static str),
    /// UTF-8 text without NUL.
    Text,
}

const fn kind(
    extension: &'static str,
    mime: &'static str,
    inline: bool,
    label: &'static str,
    content: Content,
) -> FileType {
    FileType {
        extension,
        mime,
        inline,
        label,
        content,
    }
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
const ODT: &str = "application/vnd.oasis.opendocument.text";
const ODS: &str = "application/vnd.oasis.opendocument.spreadsheet";
const ODP: &str = "application/vnd.oasis.opendocument.presentation";

/// Every accepted kind, in the order the `accept` attribute lists them.
pub static FILE_TYPES: &[FileType] = &[
    kind(
        "pdf",
        "application/pdf",
        true,
        "PDF",
        Content::Exact("application/pdf"),
    ),
    kind(
        "png",
        "image/png",
        true,
        "Image",
        Content::Exact("image/png"),
    ),
    kind(
        "jpg",
        "image/jpeg",
        true,
        "Image",
        Content::Exact("image/jpeg"),
    ),
    kind(
        "jpeg",
        "image/jpeg",
        true,
        "Image",
        Content::Exact("image/jpeg"),
    ),
    kind(
        "gif",
        "image/gif",
        true,
        "Image",
        Content::Exact("image/gif"),
    ),
    kind(
        "webp",
        "image/webp",
        true,
        "Image",
        Content::Exact("image/webp"),
    ),
    kind("docx", DOCX, false, "Word document", Content::Zip(DOCX)),
    kind(
        "doc",
        "application/msword",
        false,
        "Word document",
        Content::Ole("application/msword"),
    ),
    kind("xlsx", XLSX, false, "Excel spreadsheet", Content::Zip(XLSX)),
    kind(
        "xls",
        "application/vnd.ms-excel",
        false,
        "Excel spreadsheet",
        Content::Ole("application/vnd.ms-excel"),
    ),
    kind(
        "pptx",
        PPTX,
        false,
        "PowerPoint presentation",
        Content::Zip(PPTX),
    ),
    kind(
        "ppt",
        "application/vnd.ms-powerpoint",
        false,
        "PowerPoint presentation",
        Content::Ole("application/vnd.ms-powerpoint"),
    ),
    kind("odt", ODT, false, "OpenDocument text", Content::Zip(ODT)),
    kind(
        "ods",
        ODS,
        false,
        "OpenDocument spreadsheet",
        Content::Zip(ODS),
    ),
    kind(
        "odp",
        ODP,
        false,
        "OpenDocument presentation",
        Content::Zip(ODP),
    ),
    kind(
        "txt",
        "text/plain; charset=utf-8",
        false,
        "Text",
        Content::Text,
    ),
    kind(
        "md",
        "text/markdown; charset=utf-8",
        false,
        "Text",
        Content::Text,
    ),
    kind(
        "csv",
        "text/csv; charset=utf-8",
        false,
        "Text",
        Content::Text,
    ),
];

/// Extensions of markup a browser would run (scripts in HTML and SVG):
/// refused with their own message rather than as an unknown kind.
#[cfg(feature = "ssr")]
const MARKUP_EXTENSIONS: &[&str] = &[
    "htm", "html", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "xml",
];

/// The kind of a file name's extension (the text after its last dot; a
/// bare extension such as `"pdf"` or `".pdf"` works too), case-insensitive.
pub fn by_extension(name: &str) -> Option<&'static FileType> {
    let extension = match name.rsplit_once('.') {
        Some((_, extension)) => extension,
        None => name,
    };
    FILE_TYPES
        .iter()
        .find(|kind| kind.extension.eq_ignore_ascii_case(extension))
}

/// The `accept` attribute of an `<input type=file>`: every accepted
/// extension, `.pdf,.png,…`.
pub fn accept_attribute() -> String {
    FILE_TYPES
        .iter()
        .map(|kind| format!(".{}", kind.extension))
        .collect::<Vec<_>>()
        .join(",")
}

/// The accepted extensions for a message: ".pdf, .png, … or .csv".
#[cfg(feature = "ssr")]
fn extension_list() -> String {
    let all: Vec<String> = FILE_TYPES
        .iter()
        .map(|kind| format!(".{}", kind.extension))
        .collect();
    match all.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => all.concat(),
    }
}

/// The longest name kept, in characters.
pub const NAME_MAX_CHARS: usize = 120;

/// Longest extension `display_name` keeps when it shortens a name.
const EXTENSION_MAX_CHARS: usize = 16;

/// Characters that change how the text around them is shown (bidirectional
/// overrides and isolates, zero-width marks, line separators, the BOM): a
/// right-to-left override (U+202E) in `invoice<U+202E>fdp.exe` makes it read
/// as `invoiceexe.pdf`.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2028}'..='\u{2029}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The name a member sees and a download is called: the last path
/// component after `/` or `\`, without control or invisible formatting
/// characters, trimmed, at most `NAME_MAX_CHARS` characters (a shortened
/// name keeps its extension), never empty (`file` plus the extension),
/// never `.` or `..`.
pub fn display_name(original: &str) -> String {
    let last = original.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .collect();
    let name = cleaned.trim();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        return "file".to_owned();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension))
            if !extension.is_empty()
                && extension.chars().count() <= EXTENSION_MAX_CHARS
                && !extension.contains(char::is_whitespace) =>
        {
            (stem.trim_end(), Some(extension))
        }
        _ => (name, None),
    };
    let extension_chars = extension.map_or(0, |extension| extension.chars().count() + 1);
    let stem: String = stem
        .chars()
        .take(NAME_MAX_CHARS - extension_chars)
        .collect();
    let stem = stem.trim_end();
    let stem = if stem.is_empty() || stem.chars().all(|c| c == '.') {
        "file"
    } else {
        stem
    };
    match extension {
        Some(extension) => format!("{stem}.{extension}"),
        None => stem.to_owned(),
    }
}

/// A `Content-Disposition` header value for a download named `name`
/// (passed through `display_name` first): `attachment` or `inline`, an
/// ASCII-only quoted `filename` for old clients (anything else, and `"`,
/// `\`, `;`, `%`, becomes `_`) and the real name as RFC 5987 / 6266
/// `filename*=UTF-8''…`. Never contains CR or LF.
pub fn content_disposition(name: &str, inline: bool) -> String {
    let name = display_name(name);
    let fallback: String = name
        .chars()
        .map(|c| match c {
            '"' | '\\' | ';' | '%' => '_',
            ' '..='~' => c,
            _ => '_',
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        // RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~".
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    let disposition = if inline { "inline" } else { "attachment" };
    format!("{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// A size for people: "812 bytes", "14 KB", "2.3 MB" (units of 1,024).
pub fn size_text(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    match bytes {
        1 => return "1 byte".to_owned(),
        0..1024 => return format!("{bytes} bytes"),
        _ => {}
    }
    let mut value = bytes as f64 / KB;
    let mut unit = 0;
    // Whole kilobytes; one decimal below 10 of the larger units.
    while unit < UNITS.len() - 1 {
        let shown = if unit == 0 || value >= 10.0 {
            value.round()
        } else {
            (value * 10.0).round() / 10.0
        };
        if shown < KB {
            break;
        }
        value /= KB;
        unit += 1;
    }
    if unit == 0 || value >= 10.0 || (value * 10.0).round() % 10.0 == 0.0 {
        format!("{} {}", value.round(), UNITS[unit])
    } else {
        format!("{:.1} {}", value, UNITS[unit])
    }
}

/// Whether `sample` starts (after byte order marks and white space) like
/// HTML, SVG or XML, which a browser would render and run.
#[cfg(feature = "ssr")]
fn looks_like_markup(sample: &[u8]) -> bool {
    let mut rest = sample;
    loop {
        let trimmed = rest.trim_ascii_start();
        let trimmed = trimmed
            .strip_prefix(b"\xEF\xBB\xBF")
            .or_else(|| trimmed.strip_prefix(b"\xFE\xFF"))
            .or_else(|| trimmed.strip_prefix(b"\xFF\xFE"))
            .unwrap_or(trimmed);
        if trimmed.len() == rest.len() {
            break;
        }
        rest = trimmed;
    }
    const STARTS: &[&[u8]] = &[
        b"<!doctype html",
        b"<!doctype svg",
        b"<html",
        b"<head",
        b"<body",
        b"<script",
        b"<iframe",
        b"<svg",
        b"<?xml",
    ];
    STARTS
        .iter()
        .any(|start| rest.len() >= start.len() && rest[..start.len()].eq_ignore_ascii_case(start))
        || infer::text::is_html(rest)
        || infer::text::is_xml(rest)
}

/// Whether `sample` is UTF-8 without NUL; a character cut off by the end
/// of the sample is fine.
#[cfg(feature = "ssr")]
fn is_text(sample: &[u8]) -> bool {
    if sample.contains(&0) {
        return false;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none(),
    }
}

/// Checks an upload by its name's extension and its first bytes (up to
/// `SNIFF_BYTES` are looked at): the kind it is accepted as, or a message
/// for the member, shown next to the file field.
#[cfg(feature = "ssr")]
pub fn check_upload(name: &str, first_bytes: &[u8]) -> Result<&'static FileType, String> {
    let name = display_name(name);
    let extension = match name.rsplit_once('.') {
        Some((_, extension)) if !extension.is_empty() => Some(extension.to_ascii_lowercase()),
        _ => None,
    };
    let markup = "HTML, SVG and XML files cannot be uploaded: a browser would run the \
                  scripts they may contain. Save the page as PDF instead.";
    let Some(extension) = extension else {
        return Err(format!(
            "The file's name has no extension, so its kind is unknown. Files that can be \
             uploaded are PDF, images, office documents or plain text: {}.",
            extension_list()
        ));
    };
    if MARKUP_EXTENSIONS.contains(&extension.as_str()) {
        return Err(markup.to_owned());
    }
    let Some(kind) = by_extension(&extension) else {
        return Err(format!(
            "Files ending in .{extension} cannot be uploaded. Files that can be uploaded are \
             PDF, images, office documents or plain text: {}.",
            extension_list()
        ));
    };
    if first_bytes.is_empty() {
        return Err("The file is empty.".to_owned());
    }
    let sample = &first_bytes[..first_bytes.len().min(SNIFF_BYTES)];
    if looks_like_markup(sample) {
        return Err(markup.to_owned());
    }
    let sniffed = infer::get(sample);
    let sniffed_mime = sniffed.map(|found| found.mime_type());
    let matches = match kind.content {
        Content::Exact(mime) => sniffed_mime == Some(mime),
        Content::Zip(mime) => {
            matches!(sniffed_mime, Some("application/zip")) || sniffed_mime == Some(mime)
        }
        Content::Ole(mime) => {
            matches!(sniffed_mime, Some("application/x-ole-storage")) || sniffed_mime == Some(mime)
        }
        Content::Text => {
            if is_text(sample) {
                return Ok(kind);
            }
            return Err(format!(
                "This file is not plain text although its name ends in .{extension}: it holds \
                 binary data or is not UTF-8 text. Save it as UTF-8 text, or upload it in its \
                 own format."
            ));
        }
    };
    if matches {
        return Ok(kind);
    }
    let found = match sniffed {
        Some(found) => format!("its content is a .{} file", found.extension()),
        None => "its content is not recognised as one".to_owned(),
    };
    Err(format!(
        "This file's content does not match its name: the name ends in .{extension} ({}) \
         but {found}. Upload the file in the format its name says, or give it the right \
         extension.",
        kind.label,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_found_case_insensitively() {
        assert_eq!(by_extension("Report.PDF").unwrap().extension, "pdf");
        assert_eq!(by_extension("pdf").unwrap().mime, "application/pdf");
        assert_eq!(by_extension(".Docx").unwrap().label, "Word document");
        assert_eq!(by_extension("photo.JPEG").unwrap().mime, "image/jpeg");
        assert_eq!(by_extension("a.tar.gz"), None);
        assert_eq!(by_extension("page.html"), None);
        assert_eq!(by_extension("run.exe"), None);
        assert_eq!(by_extension(""), None);
        for extension in [
            "pdf", "png", "jpg", "jpeg", "gif", "webp", "docx", "doc", "xlsx", "xls", "pptx",
            "ppt", "odt", "ods", "odp", "txt", "md", "csv",
        ] {
            assert!(by_extension(extension).is_some(), "{extension}");
        }
    }

    #[test]
    fn only_images_and_pdf_are_inline() {
        for kind in FILE_TYPES {
            let expected = kind.extension == "pdf" || kind.mime.starts_with("image/");
            assert_eq!(kind.inline, expected, "{}", kind.extension);
        }
    }

    #[test]
    fn accept_attribute_lists_every_extension() {
        let accept = accept_attribute();
        assert!(accept.starts_with(".pdf,.png,.jpg,.jpeg,"), "{accept}");
        assert_eq!(accept.split(',').count(), FILE_TYPES.len());
        assert!(accept.split(',').all(|item| item.starts_with('.')));
        assert!(accept.contains(".docx") && accept.contains(".csv"));
    }

    #[test]
    fn display_names_are_the_last_component_cleaned() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\Users\\x\\report.pdf"), "report.pdf");
        assert_eq!(display_name("a\"b\r\nc.pdf"), "a\"bc.pdf");
        assert_eq!(display_name("résumé.pdf"), "résumé.pdf");
        assert_eq!(display_name("  notes.txt \t"), "notes.txt");
        assert_eq!(display_name("dir/"), "file");
        assert_eq!(display_name(""), "file");
        assert_eq!(display_name("."), "file");
        assert_eq!(display_name(".."), "file");
        assert_eq!(display_name("a/.."), "file");
        assert_eq!(display_name("..."), "file");
        assert_eq!(display_name(".pdf"), "file.pdf");
        assert_eq!(display_name("\u{1}\u{7f}.pdf"), "file.pdf");
        assert_eq!(display_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(display_name("README"), "README");
    }

    #[test]
    fn long_names_keep_their_extension() {
        let long = format!("{}.pdf", "é".repeat(300));
        let name = display_name(&long);
        assert_eq!(name.chars().count(), NAME_MAX_CHARS);
        assert!(name.ends_with("é.pdf"), "{name}");
        let no_extension = "x".repeat(300);
        assert_eq!(display_name(&no_extension).chars().count(), NAME_MAX_CHARS);
        // A "extension" with spaces or too long is part of the name.
        let dotted = format!(
            "{} {}",
            "a".repeat(100),
            ". and then some more words".repeat(3)
        );
        assert_eq!(display_name(&dotted).chars().count(), NAME_MAX_CHARS);
        // Shortening never leaves trailing white space before the dot.
        let spaced = format!("{}          x.pdf", "a".repeat(110));
        let name = display_name(&spaced);
        assert!(name.ends_with("a.pdf"), "{name}");
        // Shortened names are stable.
        assert_eq!(display_name(&display_name(&long)), display_name(&long));
    }

    #[test]
    fn content_disposition_has_a_safe_fallback_and_the_real_name() {
        assert_eq!(
            content_disposition("report.pdf", true),
            "inline; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
        );
        assert_eq!(
            content_disposition("résumé.pdf", false),
            "attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"
        );
        assert_eq!(
            content_disposition("a\"b\r\nc; d%.pdf", false),
            "attachment; filename=\"a_bc_ d_.pdf\"; filename*=UTF-8''a%22bc%3B%20d%25.pdf"
        );
        // A backslash separates folders (Windows paths), so none is left.
        assert_eq!(
            content_disposition("C:\\Users\\x\\report.pdf", false),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
        );
        assert_eq!(
            content_disposition("../../etc/passwd", false),
            "attachment; filename=\"passwd\"; filename*=UTF-8''passwd"
        );
        assert_eq!(
            content_disposition("", false),
            "attachment; filename=\"file\"; filename*=UTF-8''file"
        );
        for name in [
            "x\r\ny.pdf",
            "\u{2028}\u{85}.txt",
            "日本語.pdf",
            "a\u{0}b.pdf",
        ] {
            let value = content_disposition(name, true);
            assert!(!value.contains(['\r', '\n', '\0']), "{value}");
            assert!(value.is_ascii(), "{value}");
        }
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size_text(0), "0 bytes");
        assert_eq!(size_text(1), "1 byte");
        assert_eq!(size_text(812), "812 bytes");
        assert_eq!(size_text(1023), "1023 bytes");
        assert_eq!(size_text(1024), "1 KB");
        assert_eq!(size_text(14 * 1024 + 100), "14 KB");
        assert_eq!(size_text(1024 * 1024 - 1), "1 MB");
        assert_eq!(size_text(2_411_724), "2.3 MB");
        assert_eq!(size_text(2 * 1024 * 1024), "2 MB");
        assert_eq!(size_text(DEFAULT_UPLOAD_MAX_BYTES), "25 MB");
        assert_eq!(size_text(3 * 1024 * 1024 * 1024 / 2), "1.5 GB");
        assert_eq!(size_text(u64::MAX), "16777216 TB");
    }

    #[cfg(feature = "ssr")]
    mod checks {
        use super::super::*;

        const PDF: &[u8] = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
        const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0";
        const GIF: &[u8] = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff";
        const WEBP: &[u8] = b"RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0";
        const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0";
        const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0\0\0\0\0";
        const GZIP: &[u8] = b"\x1f\x8b\x08\0\0\0\0\0\0\x03";

        /// A zip's first local header, for an entry named `entry`.
        fn zip(entry: &str) -> Vec<u8> {
            let mut bytes = b"PK\x03\x04\x14\0\0\0\x08\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec();
            bytes.extend_from_slice(&(entry.len() as u16).to_le_bytes());
            bytes.extend_from_slice(b"\0\0");
            bytes.extend_from_slice(entry.as_bytes());
            bytes.extend_from_slice(&[0x55; 64]);
            bytes
        }

        /// An OpenDocument's start: the stored `mimetype` entry first.
        fn odf(mime: &str) -> Vec<u8> {
            let mut bytes = b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec();
            bytes.extend_from_slice(&8u16.to_le_bytes());
            bytes.extend_from_slice(b"\0\0mimetype");
            bytes.extend_from_slice(mime.as_bytes());
            bytes.extend_from_slice(&[0x55; 64]);
            bytes
        }

        fn accepted(name: &str, bytes: &[u8]) -> &'static str {
            match check_upload(name, bytes) {
                Ok(kind) => kind.extension,
                Err(message) => panic!("{name} refused: {message}"),
            }
        }

        fn refused(name: &str, bytes: &[u8]) -> String {
            match check_upload(name, bytes) {
                Ok(kind) => panic!("{name} accepted as {}", kind.extension),
                Err(message) => message,
            }
        }

        #[test]
        fn real_files_are_accepted() {
            assert_eq!(accepted("report.pdf", PDF), "pdf");
            assert_eq!(accepted("C:\\Users\\x\\Report.PDF", PDF), "pdf");
            assert_eq!(accepted("résumé.pdf", PDF), "pdf");
            assert_eq!(accepted("a\"b\r\nc.pdf", PDF), "pdf");
            assert_eq!(accepted("pixel.png", PNG), "png");
            assert_eq!(accepted("photo.jpg", JPEG), "jpg");
            assert_eq!(accepted("photo.jpeg", JPEG), "jpeg");
            assert_eq!(accepted("anim.gif", GIF), "gif");
            assert_eq!(accepted("pic.webp", WEBP), "webp");
            // Office open XML: infer names the type when it sees the part's
            // folder, and says zip when it does not.
            assert_eq!(accepted("cv.docx", &zip("word/document.xml")), "docx");
            assert_eq!(accepted("cv.docx", &zip("[Content_Types].xml")), "docx");
            assert_eq!(accepted("sheet.xlsx", &zip("xl/workbook.xml")), "xlsx");
            assert_eq!(accepted("deck.pptx", &zip("ppt/presentation.xml")), "pptx");
            assert_eq!(accepted("text.odt", &odf(ODT)), "odt");
            assert_eq!(accepted("sheet.ods", &odf(ODS)), "ods");
            assert_eq!(accepted("deck.odp", &odf(ODP)), "odp");
            assert_eq!(accepted("old.doc", OLE), "doc");
            assert_eq!(accepted("old.xls", OLE), "xls");
            assert_eq!(accepted("old.ppt", OLE), "ppt");
            assert_eq!(accepted("notes.txt", b"Hello, mentors!\n"), "txt");
            assert_eq!(accepted("notes.md", "# Über uns\n\n- ja".as_bytes()), "md");
            assert_eq!(
                accepted("data.csv", b"name,email\nAda,ada@example.com\n"),
                "csv"
            );
            // A CSV whose first bytes happen to be another format's magic.
            assert_eq!(accepted("codes.csv", b"BM,MZ,ID3\n1,2,3\n"), "csv");
            assert_eq!(accepted("script.txt", b"#!/bin/sh\necho hi\n"), "txt");
        }

        #[test]
        fn only_the_sample_is_looked_at() {
            let mut text = "é".repeat(SNIFF_BYTES).into_bytes();
            // Cut within a character at the sample's end: still text.
            assert_eq!(accepted("long.txt", &text[..SNIFF_BYTES - 1]), "txt");
            assert_eq!(accepted("long.txt", &text), "txt");
            text.truncate(SNIFF_BYTES + 1);
            assert_eq!(accepted("long.txt", &text), "txt");
            // What comes after the sample is not looked at.
            let mut late_nul = b"a".repeat(SNIFF_BYTES);
            late_nul.push(0);
            assert_eq!(accepted("late.txt", &late_nul), "txt");
        }

        #[test]
        fn unknown_or_missing_extensions_list_the_kinds() {
            for (name, bytes) in [
                ("setup.exe", EXE),
                ("archive.tar.gz", GZIP),
                ("README", b"hello".as_slice()),
                ("report.", PDF),
                ("../../etc/passwd", b"root:x:0:0".as_slice()),
            ] {
                let message = refused(name, bytes);
                assert!(
                    message.contains("PDF, images, office documents or plain text"),
                    "{name}: {message}"
                );
                assert!(message.contains(".pdf, .png"), "{message}");
                assert!(message.contains(".txt, .md or .csv"), "{message}");
            }
            assert!(refused("setup.exe", EXE).contains("ending in .exe"));
            assert!(refused("README", b"hello").contains("no extension"));
        }

        #[test]
        fn html_and_svg_are_refused_by_name_and_by_content() {
            let markup = refused("page.html", b"<p>hi</p>");
            assert!(markup.contains("HTML, SVG"), "{markup}");
            for (name, bytes) in [
                ("page.HTM", b"anything".as_slice()),
                ("logo.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
                ("feed.xml", b"<?xml version=\"1.0\"?><feed/>"),
                (
                    "notes.txt",
                    b"<!DOCTYPE html><html><script>alert(1)</script>",
                ),
                ("notes.txt", b"\xEF\xBB\xBF  \n<HTML><body>"),
                ("notes.md", b"\n\t<script>alert(1)</script>"),
                ("report.pdf", b"<html><body onload=alert(1)>"),
                ("report.pdf", b"  <?xml version=\"1.0\"?><svg/>"),
                ("logo.png", b"<svg onload=alert(1)>"),
                ("data.csv", b"<!-- hidden --><b>x</b>"),
                ("empty-looking.docx", b"\xEF\xBB\xBF<sVg>"),
            ] {
                assert_eq!(refused(name, bytes), markup, "{name}");
            }
        }

        #[test]
        fn content_that_is_not_what_the_name_says_is_refused() {
            let png_as_pdf = refused("report.pdf", PNG);
            assert!(
                png_as_pdf.contains("does not match its name"),
                "{png_as_pdf}"
            );
            assert!(png_as_pdf.contains(".pdf (PDF)"), "{png_as_pdf}");
            assert!(png_as_pdf.contains(".png file"), "{png_as_pdf}");
            let exe_as_pdf = refused("report.pdf", EXE);
            assert!(exe_as_pdf.contains(".exe file"), "{exe_as_pdf}");
            assert!(
                refused("photo.jpg", PNG).contains(".jpg (Image) but its content is a .png file")
            );
            assert!(refused("cv.docx", EXE).contains(".docx (Word document)"));
            // Another office type's zip, an OLE file, a gzip: not a .docx.
            assert!(refused("cv.docx", &zip("xl/workbook.xml")).contains(".xlsx file"));
            assert!(refused("cv.docx", OLE).contains("does not match its name"));
            assert!(refused("sheet.xlsx", GZIP).contains(".gz file"));
            assert!(refused("text.odt", &odf(ODS)).contains(".ods file"));
            assert!(refused("old.doc", &zip("word/document.xml")).contains(".docx file"));
            let unknown = refused("report.pdf", b"just some words");
            assert!(unknown.contains("not recognised"), "{unknown}");
            // Mismatches and text problems each have their own message.
            let binary_text = refused("notes.txt", PNG);
            assert!(binary_text.contains("not plain text"), "{binary_text}");
            assert_ne!(binary_text, png_as_pdf);
            assert!(refused("notes.txt", b"a\0b").contains("not plain text"));
            assert!(refused("notes.csv", b"caf\xE9,latin-1\n").contains("not plain text"));
            assert!(refused("notes.md", b"\xFF\xFEh\0i\0").contains("not plain text"));
        }

        #[test]
        fn empty_files_are_refused() {
            assert_eq!(refused("report.pdf", b""), "The file is empty.");
            assert_eq!(refused("notes.txt", b""), "The file is empty.");
        }
    }
}
