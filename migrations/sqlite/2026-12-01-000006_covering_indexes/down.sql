DROP INDEX programs_directory;
CREATE INDEX programs_name ON programs (name);
DROP INDEX memberships_program_status_role;
CREATE INDEX memberships_program_status ON memberships (program_id, status);
