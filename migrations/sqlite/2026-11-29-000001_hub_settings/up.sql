-- One row of hub-wide settings; the CHECK keeps it to exactly one.
CREATE TABLE hub_settings (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    hub_name TEXT NOT NULL,
    tagline TEXT NOT NULL,
    accent_color TEXT NOT NULL,
    label_programs TEXT NOT NULL,
    label_discussion TEXT NOT NULL,
    label_resources TEXT NOT NULL,
    label_events TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO hub_settings (id, hub_name, tagline, accent_color, label_programs, label_discussion, label_resources, label_events)
VALUES (1, 'Mentorhub', 'Find a mentor, become one, and grow together.', '#1f7a4d', 'Mentoring Programs', 'Discussion', 'Resources', 'Events');
