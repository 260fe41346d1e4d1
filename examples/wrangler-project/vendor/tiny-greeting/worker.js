/** The build for Workers runtimes (the `workerd` export condition). */
export function greet(greeting, name) {
  return `${greeting}, ${name}! (tiny-greeting, workerd build)`;
}
