//! The matching settings and the capacity limits.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn matching_settings_round_trip_and_refuse_a_maximum_below_the_default() {
    on_both_backends(|db| async move {
        let now = t0();
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::AdminMatch),
        )
        .await;
        let field = add_question(
            &db,
            p.id,
            draft(Role::Mentor, QuestionKind::ShortText, "Your field?", false),
            now,
        )
        .await
        .unwrap();
        let private = add_question(
            &db,
            p.id,
            draft(Role::Mentor, QuestionKind::ShortText, "Private?", false),
            now,
        )
        .await
        .unwrap();
        let goal = add_question(
            &db,
            p.id,
            draft(Role::Mentee, QuestionKind::ShortText, "Your goal?", false),
            now,
        )
        .await
        .unwrap();
        let ada = member(&db, "Ada").await;
        let answers =
            answers_from_form([(field.field(), "Databases"), (private.field(), "Secret")]);
        join_with(&db, &p, &ada, &apply(Role::Mentor, answers), now).await;

        let (defaults, questions) = matching_settings(&db, p.id).await.unwrap();
        assert_eq!(
            defaults,
            MatchingSettings {
                mode: MatchingMode::AdminMatch,
                default_capacity: 3,
                max_capacity: 5,
                max_pending_requests: 3,
                request_expiry_days: 14,
                mentees_browse: true,
                weights: MatchWeights {
                    favorite: 30,
                    profile_expertise: 10,
                    language: 10,
                    time_zone: 12,
                    questions: Vec::new(),
                },
            },
            "{db:?}"
        );
        assert_eq!(questions.len(), 3);
        assert!(questions
            .iter()
            .all(|q| q.weight == 0 && !q.on_mentor_cards));

        let chosen = MatchingSettings {
            mode: MatchingMode::AdminMatch,
            default_capacity: 3,
            max_capacity: 4,
            max_pending_requests: 2,
            request_expiry_days: 10,
            mentees_browse: false,
            weights: MatchWeights {
                favorite: 50,
                profile_expertise: 7,
                language: 0,
                time_zone: 3,
                questions: vec![QuestionWeight {
                    question_id: goal.id,
                    weight: 15,
                }],
            },
        };
        // A mentee question is never shown on mentor cards.
        save_matching_settings(&db, p.id, &chosen, &[field.id, goal.id], now)
            .await
            .unwrap();
        let (saved, questions) = matching_settings(&db, p.id).await.unwrap();
        assert_eq!(saved, chosen, "{db:?}");
        let question = |id: i64| questions.iter().find(|q| q.id == id).unwrap();
        assert_eq!(
            (
                question(field.id).weight,
                question(field.id).on_mentor_cards
            ),
            (0, true),
            "{db:?}"
        );
        assert_eq!(
            (
                question(private.id).weight,
                question(private.id).on_mentor_cards
            ),
            (0, false),
            "{db:?}"
        );
        assert_eq!(
            (question(goal.id).weight, question(goal.id).on_mentor_cards),
            (15, false),
            "{db:?}"
        );
        let tab = tab_for(&db, &p, &admin, any_places()).await;
        assert_eq!(
            tab.cards[0].card_answers,
            [("Your field?".to_owned(), "Databases".to_owned())],
            "{db:?}"
        );
        assert_eq!(tab.cards[0].places.capacity, 3, "{db:?}");
        // Mentors choose up to the new maximum.
        let above = update_mentor_places(&db, p.id, ada.id, Some(5), true).await;
        assert!(above.unwrap_err().field("capacity").is_some(), "{db:?}");
        update_mentor_places(&db, p.id, ada.id, Some(4), true)
            .await
            .unwrap();

        // The mode and the default capacity are the program's settings (its
        // Settings page): what the matching settings carry for them is kept.
        let elsewhere = MatchingSettings {
            mode: MatchingMode::MenteeRequests,
            default_capacity: 2,
            ..chosen.clone()
        };
        save_matching_settings(&db, p.id, &elsewhere, &[field.id], now)
            .await
            .unwrap();
        assert_eq!(
            matching_settings(&db, p.id).await.unwrap().0,
            chosen,
            "{db:?}"
        );

        // A maximum below the program's default capacity (3) is refused,
        // next to the maximum; nothing changes.
        let below = MatchingSettings {
            max_capacity: 2,
            max_pending_requests: 5,
            ..chosen.clone()
        };
        match save_matching_settings(&db, p.id, &below, &[], now).await {
            Err(error @ AppError::Validation(_)) => {
                assert!(error.field("max_capacity").is_some(), "{db:?}: {error:?}");
            }
            other => panic!("{db:?}: {other:?}"),
        }
        let (kept, questions) = matching_settings(&db, p.id).await.unwrap();
        assert_eq!(kept, chosen, "{db:?}");
        assert!(question_of(&questions, field.id).on_mentor_cards, "{db:?}");

        // Saving again without cards or question weights clears them.
        let plain = MatchingSettings {
            weights: MatchWeights {
                questions: Vec::new(),
                ..chosen.weights.clone()
            },
            ..chosen.clone()
        };
        save_matching_settings(&db, p.id, &plain, &[], now)
            .await
            .unwrap();
        let (saved, questions) = matching_settings(&db, p.id).await.unwrap();
        assert_eq!(saved, plain, "{db:?}");
        assert!(
            questions
                .iter()
                .all(|q| q.weight == 0 && !q.on_mentor_cards),
            "{db:?}: {questions:?}"
        );
        let tab = tab_for(&db, &p, &admin, any_places()).await;
        assert!(tab.cards[0].card_answers.is_empty(), "{db:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_programs_default_capacity_may_not_exceed_the_maximum() {
    on_both_backends(|db| async move {
        let now = t0();
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::AdminMatch),
        )
        .await;
        let (settings, _) = matching_settings(&db, p.id).await.unwrap();
        assert_eq!((settings.default_capacity, settings.max_capacity), (3, 5));
        let raised = update_program(
            &db,
            p.id,
            ProgramSettings {
                default_mentor_capacity: 6,
                ..p.settings.clone()
            },
            now,
        )
        .await;
        match raised {
            Err(error @ AppError::Validation(_)) => {
                assert!(
                    error.field("default_mentor_capacity").is_some(),
                    "{db:?}: {error:?}"
                )
            }
            other => panic!("{db:?}: a default of 6 above a maximum of 5: {other:?}"),
        }
        assert_eq!(
            matching_settings(&db, p.id).await.unwrap().0,
            settings,
            "{db:?}"
        );
    })
    .await;
}
