//! Discussion: the hub's space (the migration makes its row) and one space
//! per program, each with six curated tags. Three questions for every ten
//! accounts in the hub's space (3,000 by default), asked by anyone, and
//! five in every program's space that has approved members, asked by
//! them; each with one or two tags, up to four answers by other members of
//! the space (about half of the answered ones accepted), up-votes, a few
//! comments and the asker's follow. Every post is named and shown.
//!
//! The thread columns the app keeps up to date are what it would have
//! left: `answer_count` the answers, `score` the question's votes,
//! `last_activity_at` the latest answer or comment (as `answer` and
//! `comment` set it). Nobody acts before joining (the hub, or the program
//! for its space), and ids follow time, as the app's would (but the hub's
//! threads come first).

use super::{accounts, base_time, batch_row, memberships, programs, InsertBatches, Rng};
use app::{
    db::{
        schema::{
            discussion_comments, discussion_follows, discussion_posts, discussion_spaces,
            discussion_tags, discussion_thread_tags, discussion_threads, discussion_votes,
        },
        Db,
    },
    discussion::{rules::tag_key, PostKind, PostState, ThreadStatus},
    error::AppError,
    programs::MembershipStatus,
    write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = discussion_spaces, treat_none_as_null = true)]
pub(crate) struct SpaceRow {
    pub(crate) id: i64,
    pub(crate) program_id: Option<i64>,
    pub(crate) allow_anonymous: bool,
    pub(crate) created_at: NaiveDateTime,
}
batch_row!(SpaceRow, discussion_spaces::table, 4);

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = discussion_tags)]
pub(crate) struct TagRow {
    pub(crate) id: i64,
    pub(crate) space_id: i64,
    pub(crate) name: String,
    pub(crate) tag_key: String,
}
batch_row!(TagRow, discussion_tags::table, 4);

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = discussion_threads, treat_none_as_null = true)]
pub(crate) struct ThreadRow {
    pub(crate) id: i64,
    pub(crate) space_id: i64,
    pub(crate) status: ThreadStatus,
    pub(crate) listed: bool,
    pub(crate) accepted_post_id: Option<i64>,
    pub(crate) answer_count: i32,
    pub(crate) score: i32,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) last_activity_at: NaiveDateTime,
}
batch_row!(ThreadRow, discussion_threads::table, 9);

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = discussion_posts, treat_none_as_null = true)]
pub(crate) struct PostRow {
    pub(crate) id: i64,
    pub(crate) thread_id: i64,
    pub(crate) kind: PostKind,
    /// The question's title; empty for an answer (as `answer` stores it).
    pub(crate) title: String,
    pub(crate) body_md: String,
    pub(crate) body_html: String,
    pub(crate) author_id: Option<i64>,
    pub(crate) sealed_author: Option<String>,
    pub(crate) score: i32,
    pub(crate) state: PostState,
    pub(crate) hidden: bool,
    pub(crate) edited_at: Option<NaiveDateTime>,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) request_key: Option<String>,
}
batch_row!(PostRow, discussion_posts::table, 14);

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = discussion_thread_tags)]
pub(crate) struct ThreadTagRow {
    pub(crate) thread_id: i64,
    pub(crate) tag_id: i64,
}
batch_row!(ThreadTagRow, discussion_thread_tags::table, 2);

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = discussion_votes)]
pub(crate) struct VoteRow {
    pub(crate) post_id: i64,
    pub(crate) user_id: i64,
    pub(crate) created_at: NaiveDateTime,
}
batch_row!(VoteRow, discussion_votes::table, 3);

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = discussion_comments, treat_none_as_null = true)]
pub(crate) struct CommentRow {
    pub(crate) id: i64,
    pub(crate) post_id: i64,
    pub(crate) body: String,
    pub(crate) author_id: Option<i64>,
    pub(crate) sealed_author: Option<String>,
    pub(crate) state: PostState,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) request_key: Option<String>,
}
batch_row!(CommentRow, discussion_comments::table, 8);

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = discussion_follows)]
pub(crate) struct FollowRow {
    pub(crate) thread_id: i64,
    pub(crate) user_id: i64,
    pub(crate) created_at: NaiveDateTime,
}
batch_row!(FollowRow, discussion_follows::table, 3);

pub(crate) struct Rows {
    /// The programs' spaces (the hub's is the migration's row).
    pub(crate) spaces: Vec<SpaceRow>,
    pub(crate) tags: Vec<TagRow>,
    pub(crate) threads: Vec<ThreadRow>,
    pub(crate) posts: Vec<PostRow>,
    pub(crate) thread_tags: Vec<ThreadTagRow>,
    pub(crate) votes: Vec<VoteRow>,
    pub(crate) comments: Vec<CommentRow>,
    pub(crate) follows: Vec<FollowRow>,
}

const SEED: u64 = 0x5ca1_e000_0000_0005;

/// The hub's space: the first row, which the migration inserts.
pub(crate) const HUB_SPACE: i64 = 1;

/// The space of program `program_id` (after the hub's).
pub(crate) fn program_space(program_id: i64) -> i64 {
    HUB_SPACE + program_id
}

/// Threads in every program's space that has approved members.
pub(crate) const PROGRAM_THREADS: usize = 5;

/// Threads in the hub's space: three for every ten accounts.
pub(crate) fn hub_threads(accounts: usize) -> usize {
    (accounts * 3 / 10).max(1)
}

/// Every space's curated tags.
pub(crate) const TAGS: &[&str] = &[
    "Getting started",
    "Career change",
    "Goals",
    "Time management",
    "Tools",
    "Feedback",
];

const OPENINGS: &[&str] = &[
    "How do I",
    "What is a good way to",
    "Any advice on how to",
    "Has anyone found a way to",
    "Where should I start if I want to",
    "How did you learn to",
    "Is it worth trying to",
];

const ACTIONS: &[&str] = &[
    "prepare for a first call with a new mentor",
    "set goals for a three month program",
    "ask for feedback without sounding needy",
    "balance a full time job with learning",
    "move from support into engineering",
    "keep a learning journal",
    "choose between two job offers",
    "explain a career gap in interviews",
    "pick a first portfolio project",
    "plan my week when everything feels urgent",
    "give useful feedback on a pull request",
    "get started with public speaking",
    "find time for side projects",
    "track progress toward a promotion",
    "learn a new programming language quickly",
    "say no to extra work",
];

const CONTEXTS: &[&str] = &[
    "",
    " as a career changer",
    " in a small team",
    " after ten years in teaching",
    " while working remotely",
    " with only two hours a week",
    " before my next review",
    " as a new mentee",
];

const SITUATIONS: &[&str] = &[
    "I joined this hub a few months ago and I am still finding my feet.",
    "I work in a small company where nobody else does what I do.",
    "I changed careers last year and most of my experience is from another field.",
    "My mentor and I meet every two weeks, and I want to make the most of it.",
    "I have tried a few approaches already, with mixed results.",
    "I lead a small team and the question came up in our last retrospective.",
];

const DETAILS: &[&str] = &[
    "Most advice I find online assumes a lot more free time than I have.",
    "I keep a list of things to learn but it only grows.",
    "Last time I tried, I gave up after a couple of weeks.",
    "My manager is supportive, but busy, so I would like to come with a plan.",
    "I would like something simple that I can keep doing for months.",
    "I am not sure whether I am aiming too high or too low.",
];

const ASKS: &[&str] = &[
    "What worked for you?",
    "How would you go about it?",
    "Any tools, habits or books you would recommend?",
    "I would be grateful for any pointers.",
    "What would you do in my place?",
];

const ANSWERS: &[&str] = &[
    "Start small: pick one goal you can reach in a month and write it down where you see it every day.",
    "What helped me most was a weekly review on Friday afternoons, fifteen minutes, no more.",
    "Ask your mentor to look at one concrete piece of work each time instead of talking in general.",
    "I keep a short journal of what I learned each day; after a few weeks the patterns are obvious.",
    "Block the time in your calendar as if it were a meeting with someone else, and protect it.",
    "Talk to people who made the same move a year or two ago; their advice is the most recent.",
    "Write down what you tried and why it did not stick. That list is more useful than any book.",
    "Pair with someone once a week. Explaining your work out loud shows the gaps quickly.",
];

const ANSWER_FOLLOW_UPS: &[&str] = &[
    "It took me a while to see the difference, so give it a few weeks.",
    "Above all, be kind to yourself when a week does not go to plan.",
    "Happy to share the template I use if it helps.",
    "This worked for me in two different jobs, so I think it travels well.",
    "",
    "",
];

const COMMENTS: &[&str] = &[
    "Thanks, this is really helpful.",
    "Same here, following this one.",
    "Could you say a bit more about how you started?",
    "I tried this last month and it worked well.",
    "Good question, I have been wondering about it too.",
    "This matches what my mentor told me.",
];

/// Who may post in a space, and since when (joining the hub or the
/// program).
#[derive(Clone, Copy)]
struct Person {
    id: i64,
    since: NaiveDateTime,
}

/// A post before ids are given out.
struct Draft {
    author: i64,
    at: NaiveDateTime,
    body: String,
    votes: Vec<(i64, NaiveDateTime)>,
    comments: Vec<(i64, NaiveDateTime, &'static str)>,
}

struct DraftThread {
    space_id: i64,
    title: String,
    tags: Vec<i64>,
    /// The question, then the answers by time.
    posts: Vec<Draft>,
    /// The accepted answer's index in `posts`.
    accepted: Option<usize>,
}

pub(crate) fn generate(
    accounts: &accounts::Rows,
    programs: &programs::Rows,
    memberships: &memberships::Rows,
) -> Rows {
    let mut rng = Rng::new(SEED);
    let now = base_time();
    let mut rows = Rows {
        spaces: Vec::with_capacity(programs.programs.len()),
        tags: Vec::with_capacity((programs.programs.len() + 1) * TAGS.len()),
        threads: Vec::new(),
        posts: Vec::new(),
        thread_tags: Vec::new(),
        votes: Vec::new(),
        comments: Vec::new(),
        follows: Vec::new(),
    };
    let mut members: BTreeMap<i64, Vec<Person>> = BTreeMap::new();
    for row in &memberships.memberships {
        if row.status == MembershipStatus::Approved {
            members.entry(row.program_id).or_default().push(Person {
                id: row.user_id,
                since: row.joined_at.unwrap_or(row.applied_at),
            });
        }
    }
    let mut hub: Vec<Person> = accounts
        .users
        .iter()
        .map(|user| Person {
            id: user.id,
            since: user.created_at,
        })
        .collect();
    // By the time they joined: who had joined by a moment is a prefix.
    hub.sort_by_key(|person| (person.since, person.id));
    for people in members.values_mut() {
        people.sort_by_key(|person| (person.since, person.id));
    }
    let mut spaces: Vec<(i64, &[Person], usize)> =
        vec![(HUB_SPACE, &hub, hub_threads(accounts.layout.members))];
    for program in &programs.programs {
        let space_id = program_space(program.id);
        rows.spaces.push(SpaceRow {
            id: space_id,
            program_id: Some(program.id),
            allow_anonymous: true,
            created_at: program.created_at,
        });
        let people = members.get(&program.id).map_or(&[][..], Vec::as_slice);
        let threads = if people.is_empty() {
            0
        } else {
            PROGRAM_THREADS
        };
        spaces.push((space_id, people, threads));
    }
    let mut drafts = Vec::new();
    for (space_id, people, threads) in spaces {
        let first_tag = rows.tags.len() as i64 + 1;
        for name in TAGS {
            rows.tags.push(TagRow {
                id: rows.tags.len() as i64 + 1,
                space_id,
                name: (*name).to_owned(),
                tag_key: tag_key(name),
            });
        }
        let tag_ids: Vec<i64> = (first_tag..first_tag + TAGS.len() as i64).collect();
        for _ in 0..threads {
            drafts.push(draft_thread(&mut rng, space_id, people, &tag_ids, now));
        }
    }
    // Ids by time, as the app gives them out: threads by their question
    // (the hub's first, so that thread 1 is the hub's oldest question,
    // which `make bench` opens), posts and comments by when they were
    // written.
    drafts.sort_by_key(|draft| (draft.space_id != HUB_SPACE, draft.posts[0].at));
    let mut post_order: Vec<(NaiveDateTime, usize, usize)> = drafts
        .iter()
        .enumerate()
        .flat_map(|(thread, draft)| {
            draft
                .posts
                .iter()
                .enumerate()
                .map(move |(post, row)| (row.at, thread, post))
        })
        .collect();
    post_order.sort_unstable();
    let mut post_ids: Vec<Vec<i64>> = drafts.iter().map(|d| vec![0; d.posts.len()]).collect();
    for (index, (_, thread, post)) in post_order.iter().enumerate() {
        post_ids[*thread][*post] = index as i64 + 1;
    }
    let mut comment_order: Vec<(NaiveDateTime, i64, usize, i64, &'static str)> = Vec::new();
    for (index, draft) in drafts.iter().enumerate() {
        let thread_id = index as i64 + 1;
        let ids = &post_ids[index];
        let last_activity = draft
            .posts
            .iter()
            .flat_map(|post| std::iter::once(post.at).chain(post.comments.iter().map(|c| c.1)))
            .max()
            .expect("a thread has its question");
        let question = &draft.posts[0];
        rows.threads.push(ThreadRow {
            id: thread_id,
            space_id: draft.space_id,
            status: ThreadStatus::Open,
            listed: true,
            accepted_post_id: draft.accepted.map(|answer| ids[answer]),
            answer_count: draft.posts.len() as i32 - 1,
            score: question.votes.len() as i32,
            created_at: question.at,
            last_activity_at: last_activity,
        });
        for tag_id in &draft.tags {
            rows.thread_tags.push(ThreadTagRow {
                thread_id,
                tag_id: *tag_id,
            });
        }
        rows.follows.push(FollowRow {
            thread_id,
            user_id: question.author,
            created_at: question.at,
        });
        for (position, post) in draft.posts.iter().enumerate() {
            let post_id = ids[position];
            for (user_id, at) in &post.votes {
                rows.votes.push(VoteRow {
                    post_id,
                    user_id: *user_id,
                    created_at: *at,
                });
            }
            for (seq, (author, at, body)) in post.comments.iter().enumerate() {
                comment_order.push((*at, post_id, seq, *author, body));
            }
        }
    }
    rows.posts = post_order
        .iter()
        .zip(1..)
        .map(|(&(_, thread, post), id)| {
            let draft = &drafts[thread];
            let row = &draft.posts[post];
            let question = post == 0;
            PostRow {
                id,
                thread_id: thread as i64 + 1,
                kind: if question {
                    PostKind::Question
                } else {
                    PostKind::Answer
                },
                title: if question {
                    draft.title.clone()
                } else {
                    String::new()
                },
                body_md: row.body.clone(),
                body_html: html_of(&row.body),
                author_id: Some(row.author),
                sealed_author: None,
                score: row.votes.len() as i32,
                state: PostState::Shown,
                hidden: false,
                edited_at: None,
                created_at: row.at,
                request_key: None,
            }
        })
        .collect();
    comment_order.sort_unstable();
    rows.comments = comment_order
        .into_iter()
        .zip(1..)
        .map(|((at, post_id, _, author, body), id)| CommentRow {
            id,
            post_id,
            body: body.to_owned(),
            author_id: Some(author),
            sealed_author: None,
            state: PostState::Shown,
            created_at: at,
            request_key: None,
        })
        .collect();
    rows
}

/// One question in a space with people in it, and what happened to it.
fn draft_thread(
    rng: &mut Rng,
    space_id: i64,
    people: &[Person],
    tag_ids: &[i64],
    now: NaiveDateTime,
) -> DraftThread {
    let asker = *rng.pick(people);
    let start = (now - Duration::days(365)).max(asker.since);
    let end = now - Duration::days(1);
    let asked = start.min(end) + minutes(rng, 0, (end - start).num_minutes().max(0));
    let title = format!(
        "{} {}{}?",
        rng.pick(OPENINGS),
        rng.pick(ACTIONS),
        rng.pick(CONTEXTS)
    );
    let mut body = vec![(*rng.pick(SITUATIONS)).to_owned()];
    if rng.chance(60) {
        body.push(format!("{} {}", rng.pick(DETAILS), rng.pick(ASKS)));
    } else {
        body[0] = format!("{} {}", body[0], rng.pick(ASKS));
    }
    let tags = {
        let count = rng.between(1, 2) as usize;
        rng.pick_some(tag_ids, count).into_iter().copied().collect()
    };
    let question = draft_post(rng, people, asker.id, asked, body.join("\n\n"), now);
    let answer_count = rng.below(5);
    let mut answers: Vec<Draft> = others(rng, people, asker.id, asked, answer_count)
        .into_iter()
        .map(|answerer| {
            let at = (asked + minutes(rng, 10, 14 * 24 * 60)).min(now);
            let follow_up = *rng.pick(ANSWER_FOLLOW_UPS);
            let mut text = (*rng.pick(ANSWERS)).to_owned();
            if !follow_up.is_empty() {
                text = format!("{text}\n\n{follow_up}");
            }
            draft_post(rng, people, answerer.id, at, text, now)
        })
        .collect();
    answers.sort_by_key(|answer| answer.at);
    let accepted = (!answers.is_empty() && rng.chance(50)).then(|| 1 + rng.below(answers.len()));
    let mut posts = vec![question];
    posts.extend(answers);
    DraftThread {
        space_id,
        title,
        tags,
        posts,
        accepted,
    }
}

/// A post by `author` at `at`, with up to five votes by others and a
/// comment or two on some.
fn draft_post(
    rng: &mut Rng,
    people: &[Person],
    author: i64,
    at: NaiveDateTime,
    body: String,
    now: NaiveDateTime,
) -> Draft {
    let count = rng.below(6);
    let votes = others(rng, people, author, at, count)
        .into_iter()
        .map(|voter| (voter.id, later(rng, at, now)))
        .collect();
    let comments = if rng.chance(25) {
        let count = rng.between(1, 2) as usize;
        let mut comments: Vec<_> = (0..count)
            .map(|_| {
                let by = *rng.pick(joined_by(people, at));
                (by.id, later(rng, at, now), *rng.pick(COMMENTS))
            })
            .collect();
        comments.sort_by_key(|comment| comment.1);
        comments
    } else {
        Vec::new()
    };
    Draft {
        author,
        at,
        body,
        votes,
        comments,
    }
}

/// The people of the space who had joined by `at` (`people` by `since`).
fn joined_by(people: &[Person], at: NaiveDateTime) -> &[Person] {
    &people[..people.partition_point(|person| person.since <= at)]
}

/// Up to `count` different people of the space who had joined by `at`,
/// never `author`.
fn others(
    rng: &mut Rng,
    people: &[Person],
    author: i64,
    at: NaiveDateTime,
    count: usize,
) -> Vec<Person> {
    if count == 0 {
        return Vec::new();
    }
    rng.pick_some(joined_by(people, at), count + 1)
        .into_iter()
        .filter(|person| person.id != author)
        .take(count)
        .copied()
        .collect()
}

/// A moment in the week after `after`, never past `now`.
fn later(rng: &mut Rng, after: NaiveDateTime, now: NaiveDateTime) -> NaiveDateTime {
    (after + minutes(rng, 1, 7 * 24 * 60)).min(now)
}

fn minutes(rng: &mut Rng, low: i64, high: i64) -> Duration {
    Duration::minutes(rng.between(low, high))
}

/// What the app's markdown renderer makes of plain paragraphs (the tests
/// compare the two).
pub(crate) fn html_of(markdown: &str) -> String {
    markdown
        .split("\n\n")
        .map(|paragraph| {
            let escaped = paragraph
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            format!("<p>{escaped}</p>\n")
        })
        .collect()
}

pub(crate) async fn insert(db: &Db, rows: Rows) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        // The ids below assume the migration's hub space is the first row.
        let hub: Option<i64> = discussion_spaces::table
            .filter(discussion_spaces::program_id.is_null())
            .order(discussion_spaces::id)
            .select(discussion_spaces::id)
            .first(conn)
            .await
            .optional()?;
        if hub != Some(HUB_SPACE) {
            return Err(AppError::Conflict(format!(
                "the hub's discussion space should be row {HUB_SPACE} (the migration's), \
                 not {hub:?}"
            )));
        }
        conn.insert_batches(&rows.spaces).await?;
        conn.insert_batches(&rows.tags).await?;
        conn.insert_batches(&rows.threads).await?;
        conn.insert_batches(&rows.posts).await?;
        conn.insert_batches(&rows.thread_tags).await?;
        conn.insert_batches(&rows.votes).await?;
        conn.insert_batches(&rows.comments).await?;
        conn.insert_batches(&rows.follows).await?;
        Ok(())
    })
}
