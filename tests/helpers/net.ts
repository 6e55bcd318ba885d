// The tests take free ports the way the scripts do.
export { getFreePort } from "../../scripts/lib/net";
