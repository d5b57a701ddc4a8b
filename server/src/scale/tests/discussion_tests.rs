//! The discussion rows: what the app would have written, as stored on
//! both backends, and the member's view of them.

use super::*;
use app::discussion::{PostKind, ThreadFilters, ThreadScope, ThreadSort};
use std::collections::{BTreeMap, BTreeSet};

/// The stored discussion rows, in the plan's order (the migration's hub
/// space left out).
async fn stored_discussion(db: &Db) -> discussion::Rows {
    use app::db::schema::*;
    use discussion::*;
    run_query!(db, |conn| {
        Ok::<_, AppError>(Rows {
            spaces: discussion_spaces::table
                .filter(discussion_spaces::id.ne(HUB_SPACE))
                .order(discussion_spaces::id)
                .select(SpaceRow::as_select())
                .load(conn)
                .await?,
            tags: discussion_tags::table
                .order(discussion_tags::id)
                .select(TagRow::as_select())
                .load(conn)
                .await?,
            threads: discussion_threads::table
                .order(discussion_threads::id)
                .select(ThreadRow::as_select())
                .load(conn)
                .await?,
            posts: discussion_posts::table
                .order(discussion_posts::id)
                .select(PostRow::as_select())
                .load(conn)
                .await?,
            thread_tags: discussion_thread_tags::table
                .order((
                    discussion_thread_tags::thread_id,
                    discussion_thread_tags::tag_id,
                ))
                .select(ThreadTagRow::as_select())
                .load(conn)
                .await?,
            votes: discussion_votes::table
                .order((discussion_votes::post_id, discussion_votes::user_id))
                .select(VoteRow::as_select())
                .load(conn)
                .await?,
            comments: discussion_comments::table
                .order(discussion_comments::id)
                .select(CommentRow::as_select())
                .load(conn)
                .await?,
            follows: discussion_follows::table
                .order((discussion_follows::thread_id, discussion_follows::user_id))
                .select(FollowRow::as_select())
                .load(conn)
                .await?,
        })
    })
    .unwrap()
}

/// The seeded discussion rows are the planned ones, table by table.
pub(super) async fn assert_discussion_is_the_plan(db: &Db, planned: &discussion::Rows) {
    let stored = stored_discussion(db).await;
    let mut votes = planned.votes.clone();
    votes.sort_by_key(|v| (v.post_id, v.user_id));
    let backend = db.backend();
    assert!(stored.spaces == planned.spaces, "{backend}: spaces");
    assert!(stored.tags == planned.tags, "{backend}: tags");
    assert!(stored.threads == planned.threads, "{backend}: threads");
    assert!(stored.posts == planned.posts, "{backend}: posts");
    assert!(stored.thread_tags == planned.thread_tags, "{backend}: tags");
    assert!(stored.votes == votes, "{backend}: votes");
    assert!(stored.comments == planned.comments, "{backend}: comments");
    assert!(stored.follows == planned.follows, "{backend}: follows");
}

/// The member's view of the seeded discussions: the hub's lists, the
/// thread `make bench` opens, search in the hub's space and in
/// program-0001's (which the app finds, not makes again).
pub(super) async fn the_discussion_works(
    db: &Db,
    member: &app::accounts::CurrentUser,
    rows: &discussion::Rows,
) {
    let actor = actor_of(member);
    let (space, hub) = discussion_store::space_info(db, None, "Hub", Some(&actor), base_time())
        .await
        .unwrap();
    assert_eq!(space.id, discussion::HUB_SPACE);
    assert_eq!(hub.tags.len(), discussion::TAGS.len());
    let hub_threads: Vec<&discussion::ThreadRow> = rows
        .threads
        .iter()
        .filter(|t| t.space_id == discussion::HUB_SPACE)
        .collect();
    let list =
        |filters: ThreadFilters| discussion_store::thread_list(db, hub.clone(), &actor, filters);
    let newest = list(ThreadFilters::default()).await.unwrap();
    assert_eq!(newest.total, hub_threads.len() as i64);
    assert_eq!(newest.threads.len() as i64, newest.total.min(20));
    let latest = hub_threads.iter().map(|t| t.created_at).max().unwrap();
    assert_eq!(newest.threads[0].created_at, latest);
    assert!(newest
        .threads
        .iter()
        .all(|t| !t.tags.is_empty() && t.tags.len() <= 2));
    for (sort, expected) in [
        (
            ThreadSort::Unanswered,
            hub_threads.iter().filter(|t| t.answer_count == 0).count(),
        ),
        (
            ThreadSort::NoAccepted,
            hub_threads
                .iter()
                .filter(|t| t.accepted_post_id.is_none())
                .count(),
        ),
        (ThreadSort::Votes, hub_threads.len()),
    ] {
        let sorted = list(ThreadFilters {
            sort,
            ..Default::default()
        })
        .await
        .unwrap();
        assert_eq!(sorted.total, expected as i64, "{sort:?}");
    }
    let mine = list(ThreadFilters {
        scope: ThreadScope::Following,
        ..Default::default()
    })
    .await
    .unwrap();
    let asked = rows
        .follows
        .iter()
        .filter(|f| f.user_id == member.id && hub_threads.iter().any(|t| t.id == f.thread_id))
        .count();
    assert_eq!(mine.total, asked as i64);
    // /discussion/1
    let first = &rows.threads[0];
    assert_eq!(first.space_id, discussion::HUB_SPACE);
    let page = discussion_store::thread_page(db, hub.clone(), 1, &actor)
        .await
        .unwrap();
    assert_eq!(page.answers.len(), first.answer_count as usize);
    assert_eq!(page.question.score, first.score);
    assert_eq!(
        page.answers.iter().find(|a| a.accepted).map(|a| a.id),
        first.accepted_post_id
    );
    // Search (the bench's word, and a question by its title).
    let hits = discussion_store::search(db, discussion::HUB_SPACE, "goals").await;
    assert!(!hits.unwrap().is_empty(), "{}", db.backend());
    let program = Some((1, "program-0001"));
    let space = discussion_store::space_info(db, program, "P1", None, base_time()).await;
    let space = space.unwrap().0;
    assert_eq!(space.id, discussion::program_space(1));
    let question = rows
        .posts
        .iter()
        .find(|p| {
            p.kind == PostKind::Question
                && rows.threads[p.thread_id as usize - 1].space_id == space.id
        })
        .expect("program-0001 has questions");
    let hits = discussion_store::search(db, space.id, &question.title).await;
    let hits = hits.unwrap();
    assert!(
        hits.iter().any(|hit| hit.post_id == question.id),
        "{}: {:?} in {hits:?}",
        db.backend(),
        question.title
    );
}

/// The discussion rows of the default hub hold what the app would have
/// written: one question per thread, the thread's counters, votes by
/// others, times in order, members of the space only.
#[test]
fn discussion_rows_are_what_the_app_would_have_written() {
    let plan = plan(&ScaleOptions::default(), "h").unwrap();
    let rows = &plan.discussion;
    let programs_n = plan.programs.programs.len();
    let mut approved: BTreeMap<i64, BTreeMap<i64, NaiveDateTime>> = BTreeMap::new();
    for m in &plan.memberships.memberships {
        if m.status == MembershipStatus::Approved {
            approved
                .entry(discussion::program_space(m.program_id))
                .or_default()
                .insert(m.user_id, m.joined_at.unwrap());
        }
    }
    // May `user` act in `space` at `at`?
    let member_at = |space: i64, user: i64, at: NaiveDateTime| {
        let since = if space == discussion::HUB_SPACE {
            plan.accounts
                .users
                .get(user as usize - 1)
                .map(|u| &u.created_at)
        } else {
            approved.get(&space).and_then(|people| people.get(&user))
        };
        since.is_some_and(|since| *since <= at) && at <= base_time()
    };
    assert_eq!(rows.spaces.len(), programs_n);
    assert_eq!(rows.tags.len(), (programs_n + 1) * discussion::TAGS.len());
    assert!(rows
        .tags
        .iter()
        .all(|t| t.tag_key == app::discussion::rules::tag_key(&t.name)));
    let per_space = |space: i64| rows.threads.iter().filter(|t| t.space_id == space).count();
    assert_eq!(per_space(discussion::HUB_SPACE), 3_000);
    for space in &rows.spaces {
        let expected = 5 * usize::from(approved.contains_key(&space.id));
        assert_eq!(per_space(space.id), expected, "{space:?}");
    }
    let (mut votes, mut comments) = (BTreeMap::<_, Vec<_>>::new(), BTreeMap::<_, Vec<_>>::new());
    rows.votes
        .iter()
        .for_each(|v| votes.entry(v.post_id).or_default().push(v));
    rows.comments
        .iter()
        .for_each(|c| comments.entry(c.post_id).or_default().push(c.created_at));
    let mut posts: BTreeMap<i64, Vec<&discussion::PostRow>> = BTreeMap::new();
    let mut html = BTreeMap::new();
    for (index, post) in rows.posts.iter().enumerate() {
        assert_eq!(post.id, index as i64 + 1);
        posts.entry(post.thread_id).or_default().push(post);
        html.insert(post.body_md.as_str(), post.body_html.as_str());
        let space = rows.threads[post.thread_id as usize - 1].space_id;
        let author = post.author_id.unwrap();
        assert!(member_at(space, author, post.created_at), "{post:?}");
        let on_post = votes.get(&post.id).map_or(&[][..], Vec::as_slice);
        assert_eq!(post.score as usize, on_post.len());
        assert!(on_post.len() <= 5);
        let voters: BTreeSet<i64> = on_post.iter().map(|v| v.user_id).collect();
        assert_eq!(voters.len(), on_post.len());
        assert!(!voters.contains(&author), "nobody votes on their own post");
        assert!(on_post
            .iter()
            .all(|v| v.created_at >= post.created_at && member_at(space, v.user_id, v.created_at)));
        assert!(post.sealed_author.is_none() && post.request_key.is_none() && !post.hidden);
        assert_eq!(post.state, app::discussion::PostState::Shown);
    }
    // The app's own rendering of every text.
    for (markdown, stored) in html {
        assert_eq!(
            stored,
            app::markdown::to_safe_html(markdown),
            "{markdown:?}"
        );
    }
    let (mut answered, mut accepted) = (0, 0);
    for (index, thread) in rows.threads.iter().enumerate() {
        assert_eq!(thread.id, index as i64 + 1);
        let posts = &posts[&thread.id];
        let (questions, answers): (Vec<&discussion::PostRow>, Vec<_>) =
            posts.iter().partition(|p| p.kind == PostKind::Question);
        assert_eq!(questions.len(), 1, "{thread:?}");
        let question = questions[0];
        assert!((10..=150).contains(&question.title.chars().count()));
        assert!(answers.iter().all(|a| a.title.is_empty()));
        assert!(answers.len() <= 4);
        let authors: BTreeSet<i64> = answers.iter().map(|a| a.author_id.unwrap()).collect();
        assert_eq!(authors.len(), answers.len(), "one answer each");
        assert!(!authors.contains(&question.author_id.unwrap()));
        assert!(answers.iter().all(|a| a.created_at > question.created_at));
        assert_eq!(thread.answer_count as usize, answers.len());
        assert_eq!(thread.score, question.score);
        assert_eq!(thread.created_at, question.created_at);
        assert!(thread.listed && thread.status == app::discussion::ThreadStatus::Open);
        let latest = posts
            .iter()
            .flat_map(|p| {
                std::iter::once(p.created_at)
                    .chain(comments.get(&p.id).into_iter().flatten().copied())
            })
            .max()
            .unwrap();
        assert_eq!(thread.last_activity_at, latest, "{thread:?}");
        if !answers.is_empty() {
            answered += 1;
        }
        if let Some(post) = thread.accepted_post_id {
            accepted += 1;
            assert!(answers.iter().any(|a| a.id == post), "{thread:?}");
        }
    }
    assert!(
        (35..=65).contains(&(accepted * 100 / answered)),
        "{accepted} of {answered}"
    );
    // Tags of the thread's space, one or two; the asker follows.
    let mut tags_of: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for row in &rows.thread_tags {
        tags_of.entry(row.thread_id).or_default().push(row.tag_id);
    }
    for thread in &rows.threads {
        let tags = &tags_of[&thread.id];
        assert!((1..=2).contains(&tags.len()));
        assert!(tags
            .iter()
            .all(|tag| rows.tags[*tag as usize - 1].space_id == thread.space_id));
    }
    assert_eq!(rows.follows.len(), rows.threads.len());
    for follow in &rows.follows {
        let question = posts[&follow.thread_id][0];
        assert_eq!(Some(follow.user_id), question.author_id);
        assert_eq!(follow.created_at, question.created_at);
    }
    for comment in &rows.comments {
        let post = &rows.posts[comment.post_id as usize - 1];
        let space = rows.threads[post.thread_id as usize - 1].space_id;
        assert!(comment.created_at >= post.created_at);
        assert!(member_at(
            space,
            comment.author_id.unwrap(),
            comment.created_at
        ));
    }
    assert!(!rows.comments.is_empty());
}
