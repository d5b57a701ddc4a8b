DROP TABLE application_answers;
DROP TABLE memberships;
DROP TABLE program_invitations;
DROP TABLE registration_questions;
DROP TABLE program_admins;
DROP TABLE programs;
