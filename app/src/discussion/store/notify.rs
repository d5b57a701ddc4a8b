//! Emails to a thread's followers when it gets an answer or an accepted
//! answer, through the outbox in the same transaction. An anonymous asker
//! is found through the question's seal; no email names an anonymous
//! author, and nobody is emailed about their own action.

use super::{posts::PostMeta, Actor};
use crate::{
    db::schema::{discussion_follows, hub_settings, users},
    discussion::{emails, DiscussionEmails},
    email::store::OutboxQueries,
};

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// A discussion email: (hub, recipient, question title, thread link,
/// unsubscribe link).
type Template = fn(&str, emails::Recipient, &str, &str, &str) -> crate::email::OutgoingEmail;

pub(crate) trait NotifyQueries {
    async fn notify_answer(
        &mut self,
        actor: &Actor,
        question: &PostMeta,
        thread_link: &str,
    ) -> QueryResult<()>;
    async fn notify_accepted(
        &mut self,
        actor: &Actor,
        question: &PostMeta,
        thread_link: &str,
    ) -> QueryResult<()>;
    /// Emails everyone who hears of the thread one `email`.
    async fn notify(
        &mut self,
        actor: &Actor,
        question: &PostMeta,
        thread_link: &str,
        email: Template,
    ) -> QueryResult<()>;
    /// Who hears of the thread: followers and the (sealed) asker, without
    /// `actor`, with their emails on: (id, email, name).
    async fn listeners(
        &mut self,
        actor: &Actor,
        question: &PostMeta,
    ) -> QueryResult<Vec<(i64, String, String)>>;
}

crate::impl_for_both_backends!(NotifyQueries {
    async fn listeners(&mut self, actor: &Actor, question: &PostMeta) -> QueryResult<Vec<(i64, String, String)>> {
        let mut ids: Vec<i64> = discussion_follows::table
            .filter(discussion_follows::thread_id.eq(question.thread_id))
            .select(discussion_follows::user_id)
            .load(self)
            .await?;
        if let Some(asker) = question.author(actor) {
            ids.push(asker);
        }
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|id| *id != actor.user_id);
        users::table
            .filter(users::id.eq_any(&ids))
            .filter(users::deactivated_at.is_null())
            .filter(users::discussion_emails.eq(DiscussionEmails::Immediately))
            .order(users::id)
            .select((users::id, users::email, users::name))
            .load(self)
            .await
    }

    async fn notify_answer(&mut self, actor: &Actor, question: &PostMeta, thread_link: &str) -> QueryResult<()> {
        self.notify(actor, question, thread_link, emails::new_answer).await
    }

    async fn notify_accepted(&mut self, actor: &Actor, question: &PostMeta, thread_link: &str) -> QueryResult<()> {
        self.notify(actor, question, thread_link, emails::answer_accepted).await
    }

    async fn notify(&mut self, actor: &Actor, question: &PostMeta, thread_link: &str, email: Template) -> QueryResult<()> {
        let listeners = self.listeners(actor, question).await?;
        if listeners.is_empty() {
            return Ok(());
        }
        let hub: String = hub_settings::table.select(hub_settings::hub_name).first(self).await?;
        for (id, address, name) in listeners {
            let unsubscribe = emails::unsubscribe_link(&actor.key, thread_link, id);
            self.enqueue(&email(&hub, (&address, &name), &question.title, thread_link, &unsubscribe))
                .await?;
        }
        Ok(())
    }
});
