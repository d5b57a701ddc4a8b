DROP TRIGGER resources_search_update;
DROP TRIGGER resources_search_delete;
DROP TRIGGER resources_search_insert;
DROP TABLE resource_search;
DROP TABLE resource_orphans;
DROP TABLE resource_visits;
DROP TABLE resources;
DROP TABLE resource_sections;
