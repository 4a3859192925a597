"""Public pages that belong to no area: home, health check and uploaded images."""
