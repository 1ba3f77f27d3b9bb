package io.harmonia.api.auth;

import io.javalin.security.RouteRole;

/**
 * Route roles. Every route requires a bearer token unless the routes declaration marks it
 * {@link #PUBLIC}; a route that forgets a role is protected, not open.
 */
public enum Access implements RouteRole {
  PUBLIC
}
