DROP TABLE hub_settings;
