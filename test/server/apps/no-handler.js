// Loads fine but registers no fetch handler.
export const notAHandler = 1;
