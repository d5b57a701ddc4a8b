//! Long lists one page at a time: the arithmetic every paged query shares
//! and the "Previous page · Page 2 of 7 · Next page" links under a list.
//! Plain links, so that paging works without JavaScript and every page has
//! its own address.

use leptos::prelude::*;

/// How many pages `total` items fill, at least one (an empty list is one
/// empty page).
pub fn page_count(total: i64, per_page: i64) -> i64 {
    (total.max(0).saturating_add(per_page - 1) / per_page).max(1)
}

/// The page to show for a requested `page` number and the offset of its
/// first item: a page past the last shows the last, a page before the first
/// the first (also for absurd numbers, whose offset would not fit in an i64).
pub fn clamp_page(page: i64, total: i64, per_page: i64) -> (i64, i64) {
    let page = page.clamp(1, page_count(total, per_page));
    (page, (page - 1) * per_page)
}

/// The page number in a list's address (`?page=`): 1 when it is missing or
/// not a number, and a number too large for an i64 as the largest one (so
/// that it shows the last page like any other page past the end).
pub fn page_param(value: Option<&str>) -> i64 {
    match value.map(str::trim) {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.parse().unwrap_or(i64::MAX)
        }
        Some(number) => number.parse().unwrap_or(1),
        None => 1,
    }
}

/// Links to the neighbouring pages of a list; nothing when the list fits on
/// one page. `link(n)` is the address of page `n` (with the list's filters).
#[component]
pub fn Pager(
    /// The page shown, from 1.
    page: i64,
    pages: i64,
    /// What is paged, for the navigation landmark's name ("members").
    of: &'static str,
    link: impl Fn(i64) -> String + 'static,
) -> impl IntoView {
    (pages > 1).then(|| {
        view! {
            <nav aria-label=format!("Pages of {of}") class="pager cluster">
                {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">"Previous page"</a> })}
                <span aria-current="page">{format!("Page {page} of {pages}")}</span>
                {(page < pages).then(|| view! { <a href=link(page + 1) rel="next">"Next page"</a> })}
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_in_addresses_are_read_forgivingly() {
        assert_eq!(page_param(None), 1);
        assert_eq!(page_param(Some("")), 1);
        assert_eq!(page_param(Some("abc")), 1);
        assert_eq!(page_param(Some("3")), 3);
        assert_eq!(page_param(Some("-2")), -2);
        assert_eq!(page_param(Some("99999999999999999999")), i64::MAX);
    }

    #[test]
    fn pages_cover_every_item_and_requests_past_either_end_show_the_end() {
        assert_eq!(page_count(0, 24), 1);
        assert_eq!(page_count(24, 24), 1);
        assert_eq!(page_count(25, 24), 2);
        assert_eq!(page_count(1000, 24), 42);
        assert_eq!(clamp_page(1, 1000, 24), (1, 0));
        assert_eq!(clamp_page(2, 1000, 24), (2, 24));
        assert_eq!(clamp_page(0, 1000, 24), (1, 0));
        assert_eq!(clamp_page(-5, 1000, 24), (1, 0));
        assert_eq!(clamp_page(43, 1000, 24), (42, 41 * 24));
        assert_eq!(clamp_page(i64::MAX, 1000, 24), (42, 41 * 24));
        assert_eq!(clamp_page(i64::MAX, 0, 24), (1, 0));
    }
}
