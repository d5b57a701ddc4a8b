//! What server functions reach through Leptos context (server only).

use crate::{
    accounts::extensions::AccountExtensions, db::Db, email::worker::EmailWaker, error::AppError,
};
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;

/// Shared by every request; provided to server functions and to rendering
/// by the router (`leptos_routes_with_context`).
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub site: Arc<SiteConfig>,
    /// Wakes this process's email worker after a commit that queued an
    /// email, so it goes out now rather than at the next poll.
    pub email: EmailWaker,
    /// What the domains add to accounts (export sections, invitations that
    /// admit a sign-up); listed by `crate::account_extensions`.
    pub account_extensions: AccountExtensions,
    /// The hub settings as this process last read them (a few seconds).
    pub hub_settings: crate::hub::store::SettingsCache,
    /// Where the resources' files are kept, and how large they may be.
    pub files: crate::resources::uploads::Uploads,
}

/// The part of the server configuration that the app itself needs.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    /// Public base URL, e.g. `https://mentoring.example.org` (links in emails,
    /// cookie security).
    pub site_url: String,
    /// `TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For` says
    /// who the client is.
    pub trusted_proxies: TrustedProxies,
    /// `SECRET_KEY`, or the key generated into `data/secret.key`: seals the
    /// authors of anonymous posts and signs unsubscribe links.
    pub secret_key: crate::discussion::seal::SecretKey,
}

/// Reverse proxies in front of the server (`TRUSTED_PROXIES`, CIDRs or
/// single addresses). Without any, the client is the TCP peer; behind a
/// proxy that would make every member the same client, so throttles per
/// address would count everybody together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<ipnet::IpNet>);

impl TrustedProxies {
    /// `10.0.0.0/8, 192.168.1.7 ::1` (commas or spaces between entries).
    pub fn parse(value: &str) -> Result<Self, String> {
        value
            .split([',', ' '])
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<ipnet::IpNet>()
                    .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| format!("{entry:?} is not an address or CIDR range"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, address: std::net::IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(&address))
    }

    /// The client's address: the peer, unless the peer is a trusted proxy;
    /// then the right-most address in `X-Forwarded-For` that is not a
    /// trusted proxy (the ones to its left could be made up by the client).
    /// `forwarded_for` holds every `X-Forwarded-For` header, in order.
    pub fn client_ip(&self, peer: std::net::IpAddr, forwarded_for: &[&str]) -> std::net::IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut hops = forwarded_for
            .iter()
            .flat_map(|header| header.split(','))
            .map(str::trim)
            .rev();
        let mut client = peer;
        for hop in hops.by_ref() {
            let Ok(address) = hop.parse::<std::net::IpAddr>() else {
                // Garbage from a client: whatever is to its right is all we know.
                return client;
            };
            client = address;
            if !self.trusts(address) {
                return address;
            }
        }
        client
    }
}

/// The app state of the current request.
pub fn app_state() -> Result<AppState, AppError> {
    crate::context::lookup::<AppState>().ok_or_else(|| {
        if crate::context::lookup::<http::request::Parts>().is_none() {
            // No request at all: its client went away mid-page and the
            // page's resources, which run on, outlived the request's
            // context (every cut-off request of a load test). Nobody is
            // there to answer, and nothing is wrong with the server.
            tracing::debug!("a resource ran after its request ended");
            AppError::Transport("the request ended".into())
        } else {
            AppError::internal("AppState missing from context")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::TrustedProxies;

    #[test]
    fn a_resource_outliving_its_request_is_not_an_internal_error() {
        let owner = leptos::prelude::Owner::new();
        owner.with(|| {
            assert!(matches!(
                super::app_state(),
                Err(crate::error::AppError::Transport(_))
            ));
            leptos::prelude::provide_context(http::Request::new(()).into_parts().0);
            assert!(matches!(
                super::app_state(),
                Err(crate::error::AppError::Internal { .. })
            ));
        });
    }

    #[test]
    fn the_client_is_the_right_most_untrusted_forwarded_address() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.7").unwrap();
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        // Not from a proxy: the header is ignored.
        assert_eq!(
            proxies.client_ip(ip("203.0.113.9"), &["198.51.100.1"]),
            ip("203.0.113.9")
        );
        // From a proxy: the last untrusted hop.
        assert_eq!(
            proxies.client_ip(ip("10.0.0.2"), &["6.6.6.6, 198.51.100.1, 10.0.0.5"]),
            ip("198.51.100.1")
        );
        assert_eq!(
            proxies.client_ip(ip("192.168.1.7"), &["6.6.6.6", "198.51.100.1"]),
            ip("198.51.100.1")
        );
        // A made-up value to the right of the real client cannot come from
        // the proxy, which appends; garbage stops the walk.
        assert_eq!(
            proxies.client_ip(ip("10.0.0.2"), &["nonsense"]),
            ip("10.0.0.2")
        );
        assert_eq!(proxies.client_ip(ip("10.0.0.2"), &[]), ip("10.0.0.2"));
        // No proxies configured: always the peer.
        assert_eq!(
            TrustedProxies::default().client_ip(ip("10.0.0.2"), &["198.51.100.1"]),
            ip("10.0.0.2")
        );
        assert!(TrustedProxies::parse("10.0.0.0/8 ::1").is_ok());
        assert!(TrustedProxies::parse("proxy.local").is_err());
        assert_eq!(
            TrustedProxies::parse(" ").unwrap(),
            TrustedProxies::default()
        );
    }
}
