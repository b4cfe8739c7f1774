package io.botdeck.web;

import io.botdeck.error.ConflictException;
import io.botdeck.error.InvalidInputException;
import io.botdeck.error.NotFoundException;
import io.botdeck.error.QueryTooSlow;
import io.botdeck.error.StorageUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.reactive.resource.NoResourceFoundException;

/**
 * Maps every failure of a REST route to the envelope {@code {"success": false, "error": ...}}
 * with a 4xx status. Nothing internal (class names, stack traces, SQL) reaches the client.
 */
@RestControllerAdvice
public class RestExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RestExceptionHandler.class);

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ErrorResponse> invalid(InvalidInputException e) {
        return status(HttpStatus.BAD_REQUEST, ErrorResponse.of(e.getMessage(), e.fields()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ErrorResponse> notFound(NotFoundException e) {
        return status(HttpStatus.NOT_FOUND, ErrorResponse.of(e.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ErrorResponse> conflict(ConflictException e) {
        return status(HttpStatus.CONFLICT, ErrorResponse.of(e.getMessage()));
    }

    @ExceptionHandler(QueryTooSlow.class)
    ResponseEntity<ErrorResponse> tooSlow(QueryTooSlow e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(QueryTooSlow.RETRY_AFTER_SECONDS))
                .body(ErrorResponse.of(e.getMessage()));
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ErrorResponse> badInput(ServerWebInputException e) {
        String message;
        if (e.getCause() instanceof DecodingException) {
            message = "request body is not valid JSON";
        } else if (e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null) {
            message = "invalid value for '" + e.getMethodParameter().getParameterName() + "'";
        } else if (e.getReason() != null && e.getReason().contains("body is missing")) {
            message = "request body is required";
        } else {
            message = e.getReason() != null ? e.getReason() : "bad request";
        }
        return status(HttpStatus.BAD_REQUEST, ErrorResponse.of(message));
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    ResponseEntity<ErrorResponse> mediaType(UnsupportedMediaTypeStatusException e) {
        return status(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                ErrorResponse.of("send the request body as application/json"));
    }

    @ExceptionHandler(MethodNotAllowedException.class)
    ResponseEntity<ErrorResponse> method(MethodNotAllowedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .allow(e.getSupportedMethods().toArray(org.springframework.http.HttpMethod[]::new))
                .body(ErrorResponse.of(e.getHttpMethod() + " is not supported here; use "
                        + e.getSupportedMethods()));
    }

    @ExceptionHandler(NotAcceptableStatusException.class)
    ResponseEntity<ErrorResponse> notAcceptable(NotAcceptableStatusException e) {
        return status(HttpStatus.NOT_ACCEPTABLE, ErrorResponse.of("responses are application/json"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorResponse> noRoute(NoResourceFoundException e) {
        return status(HttpStatus.NOT_FOUND, ErrorResponse.of("no such route"));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ErrorResponse> responseStatus(ResponseStatusException e) {
        HttpStatusCode code = e.getStatusCode();
        String reason = e.getReason() != null ? e.getReason() : HttpStatus.valueOf(code.value()).getReasonPhrase();
        return status(code, ErrorResponse.of(reason));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorResponse> unexpected(Exception e) {
        if (StorageUnavailable.is(e)) {
            log.warn("A request failed because the database is not answering: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(StorageUnavailable.RETRY_AFTER_SECONDS))
                    .body(ErrorResponse.of(StorageUnavailable.MESSAGE));
        }
        log.error("Unexpected error while handling a request", e);
        return status(HttpStatus.INTERNAL_SERVER_ERROR, ErrorResponse.of("internal error; see the server log"));
    }

    private static ResponseEntity<ErrorResponse> status(HttpStatusCode code, ErrorResponse body) {
        return ResponseEntity.status(code).body(body);
    }
}
