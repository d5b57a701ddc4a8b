DROP TABLE flash_values;
DROP TABLE known_devices;
DROP TABLE rate_limit_events;
