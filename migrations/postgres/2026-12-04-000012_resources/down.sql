DROP TABLE resource_orphans;
DROP TABLE resource_visits;
DROP TABLE resources;
DROP TABLE resource_sections;
