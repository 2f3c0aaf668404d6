/** The one-command demo ({@code localipc demo}). Not API. */
package dev.localipc.examples.demo;
