import { createContext, useContext } from "react";

/** The per-request nonce that the Content-Security-Policy allows inline scripts with. */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
