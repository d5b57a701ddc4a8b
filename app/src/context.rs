//! Reading the reactive context on the server without the deadlock a
//! cancelled request can cause.
//!
//! leptos' `use_context` walks up from the current owner, holding a read
//! lock on it, and upgrades each parent for a moment. When the request was
//! cut off (its client went away), the page's resources run on and the
//! walk's brief upgrade can be the last reference to the request's owner:
//! that owner is then dropped inside the walk, cleans up its children, and
//! waits for a write lock on the owner the walk holds. The worker thread
//! hangs for good (seen under `make bench`: a tokio worker parked in
//! `OwnerInner::drop` under `use_context::<AppState>`, and the server
//! could not stop). Here the chain of owners is held before the walk and
//! let go after it, outside every lock.

use leptos::prelude::{use_context, Owner};

/// `use_context::<T>()`, safe in a resource that outlives its request.
/// Use it for every context read in this crate.
pub fn lookup<T: Clone + 'static>() -> Option<T> {
    let mut chain = Vec::new();
    let mut next = Owner::current();
    while let Some(owner) = next {
        next = owner.parent();
        chain.push(owner);
    }
    let found = use_context::<T>();
    // The owners are let go here, after the walk: if one of them was the
    // last reference, it is dropped while no lock is held.
    drop(chain);
    found
}

/// `expect_context::<T>()` by way of [`lookup`]: for what the app itself
/// provides above every page (a missing one is a bug, as there).
#[track_caller]
pub fn expect<T: Clone + 'static>() -> T {
    lookup::<T>().unwrap_or_else(|| {
        panic!(
            "{} expected in the reactive context",
            std::any::type_name::<T>()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::lookup;
    use leptos::prelude::{provide_context, Owner};

    #[derive(Clone, Debug, PartialEq)]
    struct Marker(&'static str);

    #[test]
    fn finds_what_an_ancestor_provides_and_nothing_without_an_owner() {
        assert_eq!(lookup::<Marker>(), None);
        let root = Owner::new();
        root.with(|| {
            provide_context(Marker("root"));
            let child = Owner::current().unwrap().child();
            child.with(|| {
                let grandchild = Owner::current().unwrap().child();
                grandchild.with(|| assert_eq!(lookup::<Marker>(), Some(Marker("root"))));
            });
        });
    }

    #[test]
    fn an_owner_whose_parents_are_gone_finds_nothing() {
        let root = Owner::new();
        let child = root.with(|| {
            provide_context(Marker("root"));
            Owner::current().unwrap().child()
        });
        // The request's owner goes away; a resource's owner runs on.
        drop(root);
        child.with(|| assert_eq!(lookup::<Marker>(), None));
    }
}
