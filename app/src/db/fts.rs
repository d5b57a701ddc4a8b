//! The words of a full-text search, for both engines (server only):
//! SQLite's FTS5 and PostgreSQL's `tsvector`. What a member types never
//! reaches either engine as query syntax: it is cut into words, each
//! quoted, the last one matched as a prefix.

/// PostgreSQL's English stop words (`english.stop`): its engine drops
/// them from a query, FTS5 would require them; both skip them.
const STOP_WORDS: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "a",
    "an",
    "the",
    "and",
    "but",
    "if",
    "or",
    "because",
    "as",
    "until",
    "while",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "against",
    "between",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "then",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "no",
    "nor",
    "not",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
    "s",
    "t",
    "can",
    "will",
    "just",
    "don",
    "should",
    "now",
];

/// The words of a search, at most ten, lowercased, letters and digits
/// only, without stop words (so both engines look for the same words).
pub fn search_terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
        .take(10)
        .collect()
}

/// FTS5: `"word" "word" "last"*`.
pub fn fts5_query(terms: &[String]) -> String {
    let mut query: Vec<String> = terms.iter().map(|t| format!("\"{t}\"")).collect();
    if let Some(last) = query.last_mut() {
        last.push('*');
    }
    query.join(" ")
}

/// PostgreSQL: the words but the last for `websearch_to_tsquery` (each
/// quoted), and the last one as a prefix for `to_tsquery`.
pub fn pg_queries(terms: &[String]) -> (String, String) {
    let (last, rest) = terms.split_last().expect("terms are not empty");
    let rest = rest
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" ");
    (rest, format!("{last}:*"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_quoted_words() {
        let terms = search_terms(r#"career" OR NEAR(x) * -change The"#);
        assert_eq!(terms, ["career", "near", "x", "change"]);
        assert_eq!(fts5_query(&terms[..2]), r#""career" "near"*"#);
        assert_eq!(
            pg_queries(&terms[..2]),
            ("\"career\"".into(), "near:*".into())
        );
        assert!(search_terms("How to do it?").is_empty());
        assert!(search_terms("  ¿? ").is_empty());
    }
}
