// Starts Swagger UI from a file, not an inline script, so the page keeps its strict CSP.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
