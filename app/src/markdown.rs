//! Markdown written by members, rendered on the server and sanitized, so
//! the browser only ever receives a safe subset of HTML.

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders `source` to sanitized HTML: no scripts, no event handlers, no
/// inline styles; links get `rel="noopener noreferrer nofollow"`.
pub fn to_safe_html(source: &str) -> String {
    render(source, None)
}

/// Like [`to_safe_html`], for text shown under a heading of level `parent`:
/// the text's highest heading becomes one level below `parent` and the rest
/// keep their distance from it, so the page's outline stays in order
/// whatever levels the author chose (`##` sections under an h2 become h3).
pub fn to_safe_html_below(source: &str, parent: HeadingLevel) -> String {
    render(source, Some(parent))
}

fn render(source: &str, parent: Option<HeadingLevel>) -> String {
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    let events: Vec<Event> = Parser::new_ext(source, options).collect();
    let top = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min();
    let shift = match (parent, top) {
        (Some(parent), Some(top)) => parent as isize + 1 - top as isize,
        _ => 0,
    };
    let moved = |level: HeadingLevel| {
        let wanted = (level as isize + shift).clamp(1, 6) as usize;
        HeadingLevel::try_from(wanted).unwrap_or(HeadingLevel::H6)
    };
    let mut unsafe_html = String::new();
    let events = events.into_iter().map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: moved(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(moved(level))),
        other => other,
    });
    html::push_html(&mut unsafe_html, events);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::{to_safe_html, to_safe_html_below};
    use pulldown_cmark::HeadingLevel;

    #[test]
    fn headings_start_below_the_parent_heading() {
        let html = to_safe_html_below("# Theme\n\n## Dates\n\n###### Deep", HeadingLevel::H2);
        assert!(html.contains("<h3>Theme</h3>"), "{html}");
        assert!(html.contains("<h4>Dates</h4>"), "{html}");
        assert!(html.contains("<h6>Deep</h6>"), "{html}");
        // Authors who start at ## (or ###) get the same outline.
        let html = to_safe_html_below("### Theme\n\n#### Dates", HeadingLevel::H2);
        assert!(html.contains("<h3>Theme</h3>"), "{html}");
        assert!(html.contains("<h4>Dates</h4>"), "{html}");
        assert!(to_safe_html("# Top").contains("<h1>Top</h1>"));
    }

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
