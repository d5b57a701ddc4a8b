//! A strict reader of calendar files (RFC 5545) for the tests: CRLF
//! lines, folded lines joined, every `BEGIN` closed by its `END` in
//! order, one `VCALENDAR` around everything. It reads what a calendar app
//! would, so a test can check an event's properties rather than search
//! the text (a long line may be folded anywhere).

/// One component (`VCALENDAR`, `VEVENT`…) with its properties in order
/// (name without parameters, unescaped value) and its sub-components.
#[derive(Debug, Clone, Default)]
pub struct Component {
    pub name: String,
    pub properties: Vec<(String, String)>,
    pub components: Vec<Component>,
}

impl Component {
    /// The first value of property `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The sub-components named `name` (`VEVENT`).
    pub fn all(&self, name: &str) -> Vec<&Component> {
        self.components.iter().filter(|c| c.name == name).collect()
    }

    /// Every property value of this component and its sub-components.
    pub fn text(&self) -> String {
        let mut out: Vec<String> = self
            .properties
            .iter()
            .map(|(n, v)| format!("{n}:{v}"))
            .collect();
        out.extend(self.components.iter().map(Component::text));
        out.join("\n")
    }
}

fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Parses a calendar file; panics with the reason when it is not one.
#[track_caller]
pub fn parse(body: &str) -> Component {
    assert!(
        body.ends_with("\r\n"),
        "a calendar file ends with CRLF: {body:?}"
    );
    let unfolded = body.replace("\r\n ", "").replace("\r\n\t", "");
    let mut stack: Vec<Component> = Vec::new();
    let mut done: Option<Component> = None;
    for line in unfolded.trim_end_matches("\r\n").split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "a bare line break in {line:?}"
        );
        assert!(done.is_none(), "content after END:VCALENDAR: {line:?}");
        let (head, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("no ':' in the content line {line:?}"));
        let name = head.split(';').next().unwrap().to_ascii_uppercase();
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "a bad property name in {line:?}"
        );
        match name.as_str() {
            "BEGIN" => {
                if stack.is_empty() {
                    assert_eq!(value, "VCALENDAR", "the file starts with VCALENDAR");
                }
                stack.push(Component {
                    name: value.to_owned(),
                    ..Component::default()
                });
            }
            "END" => {
                let component = stack
                    .pop()
                    .unwrap_or_else(|| panic!("END:{value} opens nothing"));
                assert_eq!(
                    component.name, value,
                    "END:{value} closes {}",
                    component.name
                );
                match stack.last_mut() {
                    Some(parent) => parent.components.push(component),
                    None => done = Some(component),
                }
            }
            _ => stack
                .last_mut()
                .unwrap_or_else(|| panic!("{line:?} outside any component"))
                .properties
                .push((name, unescape(value))),
        }
    }
    assert!(stack.is_empty(), "unclosed components: {stack:?}");
    done.expect("a calendar file holds a VCALENDAR")
}

/// The `VEVENT`s of a calendar file.
#[track_caller]
pub fn events(body: &str) -> Vec<Component> {
    parse(body).all("VEVENT").into_iter().cloned().collect()
}
