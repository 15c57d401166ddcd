package dev.hagen.render;

/** One output file, in memory: its path under the cluster's folder (with '/') and its text. */
public record GeneratedFile(String path, String content) {}
