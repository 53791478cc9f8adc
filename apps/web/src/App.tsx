import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { RouteErrorPage } from './components/ErrorBoundary';
import { NotFoundView } from './components/NotFoundView';
import { errorHttpStatus } from './lib/errors';
import { createTrpcClient, trpc } from './lib/trpc';

// Route pages load on demand so the initial chunk holds only the shell.
const InicioPage = lazy(() => import('./pages/InicioPage'));
const UbigeoPage = lazy(() => import('./features/ubigeo/UbigeoPage'));

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        // A second boundary inside the layout keeps the header and sidebar on screen when a page fails.
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <InicioPage /> },
          { path: 'ubigeo', element: <UbigeoPage /> },
          { path: '*', element: <NotFoundView /> },
        ],
      },
    ],
  },
]);

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change on retry (bad input, no session, not found); network blips might.
        retry: (failureCount, error) => {
          const status = errorHttpStatus(error);
          if (status !== undefined && status >= 400 && status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTrpcClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </trpc.Provider>
  );
}
