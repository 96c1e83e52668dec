"""The booking pattern: a register office's calendar and appointments with enforced capacity."""
