package org.storebox.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The methods of a path come from the OpenAPI document of the build. */
class ApiPathsTest {

    @Test
    void aPathTemplateMatchesOneSegmentPerParameter() {
        assertEquals(List.of("POST"), ApiPaths.allowed("/sales"));
        assertEquals(List.of("GET"), ApiPaths.allowed("/sales/0f8e5a4c-1b7e-4d0e-9c2e-5b1f2a3c4d5e"));
        assertEquals(List.of("POST"), ApiPaths.allowed("/sales/S-1/void"));
        assertEquals(List.of(), ApiPaths.allowed("/sales/S-1/void/again"));
        assertEquals(List.of(), ApiPaths.allowed("/sales/a/b"));
    }

    @Test
    void aPathThatMatchesTwoTemplatesTakesTheMethodsOfBoth() {
        // /products/import (POST) is also /products/{sku} (GET, PUT)
        assertEquals(List.of("GET", "POST", "PUT"), ApiPaths.allowed("/products/import"));
    }

    @Test
    void pathsOutsideApiV1AndUnknownPathsHaveNone() {
        assertEquals(List.of(), ApiPaths.allowed("/health"));
        assertEquals(List.of(), ApiPaths.allowed("/oauth2/token"));
        assertEquals(List.of(), ApiPaths.allowed("/no-such-thing"));
        assertEquals(List.of(), ApiPaths.allowed(""));
    }
}
