use crate::text_enum::text_enum;

text_enum! {
    /// What a resource is.
    #[derive(Default)]
    pub enum ResourceKind {
        #[default]
        Link => "link", "Link";
        Page => "page", "Page";
        File => "file", "File";
    }
}

text_enum! {
    /// An admin's change to where a resource or a section sits.
    pub enum Move {
        Up => "up", "Move up";
        Down => "down", "Move down";
        Pin => "pin", "Pin to the top";
        Unpin => "unpin", "Unpin";
    }
}
