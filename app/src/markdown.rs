//! Markdown written by members, rendered on the server and sanitized, so
//! the browser only ever receives a safe subset of HTML.

use pulldown_cmark::{html, Options, Parser};

/// Renders `source` to sanitized HTML: no scripts, no event handlers, no
/// inline styles; links get `rel="noopener noreferrer nofollow"`.
pub fn to_safe_html(source: &str) -> String {
    let mut unsafe_html = String::new();
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    html::push_html(&mut unsafe_html, Parser::new_ext(source, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn keeps_formatting_and_drops_anything_executable() {
        let html = to_safe_html(
            "**Hello** [site](https://example.org) [bad](javascript:alert(1))\n\n<script>alert(1)</script><img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<strong>Hello</strong>"), "{html}");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
        assert!(
            html.contains("rel=\"noopener noreferrer nofollow\""),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }
}
