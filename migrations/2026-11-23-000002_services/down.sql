DROP TABLE service_steps;
DROP TABLE services;
