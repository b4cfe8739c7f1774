import '@testing-library/jest-dom/vitest';
import { notifyManager } from '@tanstack/react-query';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// CI machines are shared and busy: wait longer for the UI to settle before a query gives up
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

// TanStack Query tells components about cache changes in a later task; a test that pushes a
// subscription event inside act() expects the screen to follow within it: tell them at once.
notifyManager.setScheduler((callback) => callback());
