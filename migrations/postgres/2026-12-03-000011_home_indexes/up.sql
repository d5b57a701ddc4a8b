-- The member's home page reads one member's rows across every program:
-- requests waiting for them as a mentor, their mentorships as a mentor
-- (as a mentee: mentorships_mentee), and for a hub admin the programs
-- with pending applications. The indexes before these all begin with
-- the program.
CREATE INDEX mentorship_requests_mentor_waiting ON mentorship_requests (mentor_id, status, expires_at);
CREATE INDEX mentorships_mentor_status ON mentorships (mentor_id, status);
CREATE INDEX memberships_status_program ON memberships (status, program_id);
