package org.storebox.web.internal;

import java.io.IOException;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.storebox.web.http.Http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The answer for the API's paths while the servlets that serve them are away: 503 with {@code Retry-After}, never
 * Jetty's 404 (for {@code /health} too, until the health checks start at the end of a start). A change of the
 * settings the sale path reads (the store's, the tax classes) or an update of one of its bundles restarts those
 * servlets for a moment; a terminal that got 404 for a sale might give it up, one that gets 503 retries it with the
 * same id. Same patterns as those servlets, lowest ranking: the HTTP whiteboard shadows this one while they are
 * registered, and uses it in the moments they are not. It needs no service, so it stays.
 */
@Component(service = Servlet.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
@HttpWhiteboardServletPattern({ "/api/v1/*", "/oauth2/token", "/health", "/metrics" })
public class RestartingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Retry-After", "1");
        resp.setHeader("Cache-Control", "no-store");
        Http.problem(resp, 503, "Service unavailable", "the part of the box that answers " + req.getRequestURI()
                + " is not running yet (the box is starting) or again (for new settings or an updated bundle); retry in"
                + " a moment with the same request");
    }
}
