/** A repository entry found damaged at start-up and renamed aside (it is re-cloned on demand). */
export interface SetAsideRepository {
  name: string;
  /** Where it was moved (`<name>.damaged-<time>-<random>`); delete it when you no longer need it. */
  movedTo: string;
  /** Why it could not be used. */
  reason: string;
}
