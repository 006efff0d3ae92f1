-- One database per service; PostGIS for professionals.
CREATE DATABASE conectar_auth;
CREATE DATABASE conectar_users;
CREATE DATABASE conectar_professionals;
CREATE DATABASE conectar_chat;
CREATE DATABASE conectar_payments;
CREATE DATABASE conectar_notifications;
\connect conectar_professionals
CREATE EXTENSION IF NOT EXISTS postgis;
