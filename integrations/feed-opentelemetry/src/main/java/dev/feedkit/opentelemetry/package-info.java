/** OpenTelemetry traces for feedkit: {@link dev.feedkit.opentelemetry.FeedTracing}. */
package dev.feedkit.opentelemetry;
