//! Favorites and the Mentors tab's filters, sorts and pages.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_favorite_is_one_row_whatever_the_clicks_and_only_for_mentors() {
    on_both_backends(|db| async move {
        let now = t0();
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::MenteeFavorites),
        )
        .await;
        let ada = joined(&db, &p, "Ada", Role::Mentor).await;
        let max = joined(&db, &p, "Max", Role::Mentee).await;
        let other_mentee = joined(&db, &p, "Olga", Role::Mentee).await;
        let outsider = member(&db, "Outsider").await;

        for _ in 0..2 {
            set_favorite(&db, p.id, max.id, ada.id, true, now)
                .await
                .unwrap();
        }
        assert_eq!(favorite_rows(&db, p.id).await, 1, "{db:?}");
        let tab = tab_for(&db, &p, &max, any_places()).await;
        assert_eq!(tab.me.favorites, 1, "{db:?}");
        let card = tab.cards.iter().find(|c| c.user_id == ada.id).unwrap();
        assert!(card.favorite, "{db:?}");
        let only = tab_for(
            &db,
            &p,
            &max,
            MentorFilters {
                favorites_only: true,
                ..any_places()
            },
        )
        .await;
        assert_eq!(names(&only), ["Ada"], "{db:?}");

        for _ in 0..2 {
            set_favorite(&db, p.id, max.id, ada.id, false, now)
                .await
                .unwrap();
        }
        assert_eq!(favorite_rows(&db, p.id).await, 0, "{db:?}");
        let tab = tab_for(&db, &p, &max, any_places()).await;
        assert_eq!(tab.me.favorites, 0, "{db:?}");
        assert!(
            !tab.cards
                .iter()
                .find(|c| c.user_id == ada.id)
                .unwrap()
                .favorite
        );

        let (pid, mentee, mentor) = (p.id, max.id, ada.id);
        let results = race(8, |_| {
            let db = db.clone();
            async move { set_favorite(&db, pid, mentee, mentor, true, now).await }
        })
        .await;
        assert!(results.iter().all(|r| r.is_ok()), "{db:?}: {results:?}");
        assert_eq!(favorite_rows(&db, p.id).await, 1, "{db:?}");
        assert_eq!(
            tab_for(&db, &p, &max, any_places()).await.me.favorites,
            1,
            "{db:?}"
        );

        // Only the program's approved mentors can be favorites.
        for not_a_mentor in [other_mentee.id, outsider.id, admin.id] {
            let refused = set_favorite(&db, p.id, max.id, not_a_mentor, true, now).await;
            assert!(
                matches!(refused, Err(AppError::NotFound)),
                "{db:?}: {refused:?}"
            );
        }
        assert_eq!(favorite_rows(&db, p.id).await, 1, "{db:?}");
    })
    .await;
}

// 2. Requests and their limits

#[tokio::test(flavor = "multi_thread")]
async fn the_mentors_tab_filters_sorts_and_pages_the_mentors() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::AdminMatch),
        )
        .await;
        let mut mentors = Vec::new();
        for i in 1..=14 {
            let user = member(&db, &format!("Mentor {i:02}")).await;
            let joined_at = t0() + Duration::minutes(i);
            join_with(
                &db,
                &p,
                &user,
                &apply(Role::Mentor, Answers::new()),
                joined_at,
            )
            .await;
            mentors.push(user);
        }
        let mentor = |i: usize| &mentors[i - 1];
        let profile = |i: usize, headline: &str, expertise: &[&str], languages: &[&str]| {
            let db = db.clone();
            let id = mentor(i).id;
            let (headline, expertise, languages) = (
                headline.to_owned(),
                expertise.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                languages.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            );
            async move {
                let mut profile = load_profile(&db, id).await.unwrap();
                profile.headline = headline;
                profile.expertise = expertise;
                profile.languages = languages;
                save_profile(&db, &profile, t0()).await.unwrap();
            }
        };
        profile(3, "", &["Rust", "SQL"], &[]).await;
        profile(5, "", &["rust"], &["English"]).await;
        profile(4, "", &[], &["German", "English"]).await;
        profile(7, "Data engineer", &[], &[]).await;
        update_mentor_places(&db, p.id, mentor(2).id, Some(5), true)
            .await
            .unwrap();
        update_mentor_places(&db, p.id, mentor(1).id, Some(4), true)
            .await
            .unwrap();
        update_mentor_places(&db, p.id, mentor(6).id, Some(1), true)
            .await
            .unwrap();
        update_mentor_places(&db, p.id, mentor(14).id, None, false)
            .await
            .unwrap();
        let vera = joined(&db, &p, "Vera", Role::Mentee).await;
        set_favorite(&db, p.id, vera.id, mentor(8).id, true, t0())
            .await
            .unwrap();
        set_favorite(&db, p.id, vera.id, mentor(14).id, true, t0())
            .await
            .unwrap();
        let list = |ids: &[usize]| {
            ids.iter()
                .map(|i| format!("Mentor {i:02}"))
                .collect::<Vec<_>>()
        };

        // Open places only (the default): the paused mentor is left out;
        // a mentee's best match (her favorite) comes first.
        let tab = tab_for(&db, &p, &vera, MentorFilters::default()).await;
        assert!(!tab.browsing_hidden);
        assert_eq!(tab.total, 13, "{db:?}");
        assert_eq!(tab.per_page, MENTORS_PER_PAGE);
        assert_eq!(tab.page_count(), 2);
        assert_eq!(tab.cards.len(), 12, "{db:?}");
        assert_eq!(tab.cards[0].name, "Mentor 08", "{db:?}: {:?}", names(&tab));
        assert!(tab.cards[0].favorite);
        assert!(tab.cards[0].score.as_ref().unwrap().favorite > 0);
        assert_eq!(
            names(&tab)[1..],
            list(&[1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]),
            "{db:?}"
        );
        let page2 = tab_for(
            &db,
            &p,
            &vera,
            MentorFilters {
                page: 2,
                ..MentorFilters::default()
            },
        )
        .await;
        assert_eq!((page2.page, page2.total), (2, 13), "{db:?}");
        assert_eq!(names(&page2), list(&[13]), "{db:?}");
        assert_eq!(tab.me.favorites, 2, "{db:?}");

        // Every place: 14, the second page has the last two; past the end is the last page.
        let all = tab_for(&db, &p, &admin, any_places()).await;
        assert_eq!(all.total, 14, "{db:?}");
        assert_eq!(
            names(&all),
            list(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
            "{db:?}"
        );
        let last = tab_for(
            &db,
            &p,
            &admin,
            MentorFilters {
                page: 2,
                ..any_places()
            },
        )
        .await;
        assert_eq!(names(&last), list(&[13, 14]), "{db:?}");
        assert_eq!(last.cards[1].places.label(), "Not taking mentees now");
        let past = tab_for(
            &db,
            &p,
            &admin,
            MentorFilters {
                page: 99,
                ..any_places()
            },
        )
        .await;
        assert_eq!((past.page, names(&past)), (2, list(&[13, 14])), "{db:?}");
        assert_eq!(past.filters.page, 2);

        // Filters.
        let with = |filters: MentorFilters| {
            let (db, p, admin) = (db.clone(), p.clone(), admin.clone());
            async move { tab_for(&db, &p, &admin, filters).await }
        };
        let expertise = with(MentorFilters {
            expertise: "RUST".into(),
            ..any_places()
        })
        .await;
        assert_eq!(
            (expertise.total, names(&expertise)),
            (2, list(&[3, 5])),
            "{db:?}"
        );
        assert_eq!(
            expertise.expertise_options,
            ["Rust", "SQL", "rust"],
            "{db:?}"
        );
        let language = with(MentorFilters {
            language: " german ".into(),
            ..any_places()
        })
        .await;
        assert_eq!(names(&language), list(&[4]), "{db:?}");
        let english = with(MentorFilters {
            language: "English".into(),
            ..any_places()
        })
        .await;
        assert_eq!(names(&english), list(&[4, 5]), "{db:?}");
        let headline = with(MentorFilters {
            search: "DATA".into(),
            ..any_places()
        })
        .await;
        assert_eq!(names(&headline), list(&[7]), "{db:?}");
        let tag = with(MentorFilters {
            search: "sql".into(),
            ..any_places()
        })
        .await;
        assert_eq!(names(&tag), list(&[3]), "{db:?}");
        let by_name = with(MentorFilters {
            search: "mentor 1".into(),
            ..any_places()
        })
        .await;
        assert_eq!(
            (by_name.total, names(&by_name)),
            (5, list(&[10, 11, 12, 13, 14])),
            "{db:?}"
        );
        let open_by_name = with(MentorFilters {
            search: "mentor 1".into(),
            ..MentorFilters::default()
        })
        .await;
        assert_eq!(names(&open_by_name), list(&[10, 11, 12, 13]), "{db:?}");
        let nothing = with(MentorFilters {
            search: "nobody".into(),
            ..any_places()
        })
        .await;
        assert_eq!(
            (nothing.total, nothing.cards.len(), nothing.page),
            (0, 0, 1),
            "{db:?}"
        );
        let favorites = tab_for(
            &db,
            &p,
            &vera,
            MentorFilters {
                favorites_only: true,
                ..MentorFilters::default()
            },
        )
        .await;
        assert_eq!(names(&favorites), list(&[8]), "{db:?}");
        let favorites = tab_for(
            &db,
            &p,
            &vera,
            MentorFilters {
                favorites_only: true,
                ..any_places()
            },
        )
        .await;
        assert_eq!(names(&favorites), list(&[8, 14]), "{db:?}");

        // Sorts.
        let most = with(MentorFilters {
            sort: MentorSort::MostPlaces,
            ..any_places()
        })
        .await;
        assert_eq!(
            names(&most),
            list(&[2, 1, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13]),
            "{db:?}"
        );
        let most2 = with(MentorFilters {
            sort: MentorSort::MostPlaces,
            page: 2,
            ..any_places()
        })
        .await;
        assert_eq!(names(&most2), list(&[6, 14]), "{db:?}");
        assert_eq!(most2.cards[0].places.label(), "1 of 1 place open");
        let newest = with(MentorFilters {
            sort: MentorSort::Newest,
            ..any_places()
        })
        .await;
        assert_eq!(
            names(&newest),
            list(&[14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3]),
            "{db:?}"
        );
        let newest2 = with(MentorFilters {
            sort: MentorSort::Newest,
            page: 2,
            ..any_places()
        })
        .await;
        assert_eq!(names(&newest2), list(&[2, 1]), "{db:?}");

        // Admins match (and mentees browsed so far); now they may not: the mentee sees no cards;
        // mentors and admins still do.
        let (mut settings, _) = matching_settings(&db, p.id).await.unwrap();
        settings.mentees_browse = false;
        save_matching_settings(&db, p.id, &settings, &[], t0())
            .await
            .unwrap();
        let hidden = tab_for(&db, &p, &vera, any_places()).await;
        assert!(hidden.browsing_hidden, "{db:?}");
        assert_eq!((hidden.total, hidden.cards.len()), (0, 0), "{db:?}");
        assert_eq!(hidden.mode, MatchingMode::AdminMatch);
        let as_mentor = tab_for(&db, &p, mentor(1), any_places()).await;
        assert!(!as_mentor.browsing_hidden);
        assert_eq!(as_mentor.total, 14, "{db:?}");
        assert_eq!(as_mentor.me.settings.as_ref().unwrap().places.capacity, 4);
        let as_admin = tab_for(&db, &p, &admin, any_places()).await;
        assert!(!as_admin.browsing_hidden && as_admin.can_manage);
        assert_eq!(as_admin.total, 14, "{db:?}");
        settings.mentees_browse = true;
        save_matching_settings(&db, p.id, &settings, &[], t0())
            .await
            .unwrap();
        let shown = tab_for(&db, &p, &vera, any_places()).await;
        assert!(!shown.browsing_hidden, "{db:?}");
        assert_eq!(shown.total, 14, "{db:?}");
    })
    .await;
}

// 11. The matching settings
