-- Indexes that answer the directory's queries on their own (`make bench`,
-- 1,000 programs and 45,000 memberships): counting a page's members by
-- role read every membership row for its role, and counting and paging the
-- visible programs read every program row (about texts included) for its
-- status and listing.
DROP INDEX memberships_program_status;
CREATE INDEX memberships_program_status_role ON memberships (program_id, status, role);
DROP INDEX programs_name;
CREATE INDEX programs_directory ON programs (name, id, status, listed);
