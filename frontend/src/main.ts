// Placeholder entry point; the console replaces it.
document.documentElement.dataset.ready = 'true';
