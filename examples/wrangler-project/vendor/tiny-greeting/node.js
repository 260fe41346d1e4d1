/** The build for everything else: a Workers bundler must not pick this one. */
export function greet(greeting, name) {
  return `${greeting}, ${name}! (tiny-greeting, node build)`;
}
