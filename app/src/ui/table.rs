//! Tables of records: a caption, column headers with `scope="col"`, and
//! the rows, in a wrapper that scrolls sideways on a narrow screen.

use leptos::prelude::*;

/// A column of a [`DataTable`]: its header, and whether the header is for
/// screen readers only (a column of buttons).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub label: &'static str,
    pub visually_hidden: bool,
}

impl Column {
    pub const fn new(label: &'static str) -> Self {
        Column {
            label,
            visually_hidden: false,
        }
    }

    /// A header only screen readers read.
    pub const fn hidden(label: &'static str) -> Self {
        Column {
            label,
            visually_hidden: true,
        }
    }
}

/// A `<table class="data-table">`: `caption` says what it lists (visually
/// hidden with `hide_caption` when the page's heading says it already),
/// `columns` the headers, `children` the `<tr>`s (a row's first cell may be
/// a `<th scope="row">`).
#[component]
pub fn DataTable(
    caption: &'static str,
    #[prop(optional)] hide_caption: bool,
    columns: &'static [Column],
    children: Children,
) -> impl IntoView {
    let headers = columns
        .iter()
        .map(|column| {
            let label = if column.visually_hidden {
                view! { <span class="visually-hidden">{column.label}</span> }.into_any()
            } else {
                column.label.into_any()
            };
            view! { <th scope="col">{label}</th> }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data-table">
                <caption class=hide_caption.then_some("visually-hidden")>{caption}</caption>
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
