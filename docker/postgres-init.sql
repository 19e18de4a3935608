-- The compose PostgreSQL hosts three databases: the pipeline's (created by the image from
-- POSTGRES_DB), Airflow's metadata and the schema registry's storage.
CREATE DATABASE airflow OWNER aqi;
CREATE DATABASE registry OWNER aqi;
