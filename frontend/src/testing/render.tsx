import { QueryClientProvider } from '@tanstack/react-query';
import { render as renderWithoutProviders, type RenderOptions } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { createQueryClient } from '@/lib/query';

/** Testing Library's render inside the app's providers, with a fresh query cache per test. */
export function render(ui: ReactElement, options?: Omit<RenderOptions, 'wrapper'>) {
  const client = createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  return { ...renderWithoutProviders(ui, { wrapper, ...options }), queryClient: client };
}
