/** The navigator family's contract: the host knows NANO's version (package.json). */
export interface NavigatorOps {
  /** `NANO/<version>`. */
  op_navigator_user_agent(): string;
}
