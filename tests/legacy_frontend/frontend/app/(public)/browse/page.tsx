'use client';

import { useState, useEffect } from 'react';
import { ProfessionalCard } from '@/components/features/ProfessionalCard';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from '@/components/ui/select';
import { Card, CardContent } from '@/components/ui/card';
import { Separator } from '@/components/ui/separator';
import { Filter, X, MapPin, Loader2 } from 'lucide-react';
import { useQuery } from '@tanstack/react-query';
import { searchService, publicService } from '@/lib/services';
import type { SearchFilters, SearchResult } from '@/types';
import { toast } from 'sonner';

export default function BrowsePage() {
  const [filters, setFilters] = useState<SearchFilters>({
    ubicacion_lat: -34.6037, // Buenos Aires por defecto
    ubicacion_lon: -58.3816,
    radio_km: 10,
  });
  const [page, setPage] = useState(1);
  const [mobileFiltersOpen, setMobileFiltersOpen] = useState(false);
  const [locationLoading, setLocationLoading] = useState(false);

  // Fetch oficios (público, sin auth)
  const { data: oficios } = useQuery({
    queryKey: ['oficios', 'public'],
    queryFn: () => publicService.getOficios(),
  });

  // Fetch professionals with filters
  const { data, isLoading, refetch } = useQuery({
    queryKey: ['professionals', 'search', filters, page],
    queryFn: () => searchService.searchProfessionals(filters),
    staleTime: 30000,
  });

  const handleFilterChange = (key: keyof SearchFilters, value: string | number | undefined) => {
    setFilters((prev) => ({ ...prev, [key]: value }));
    setPage(1);
  };

  const clearFilters = () => {
    setFilters({
      ubicacion_lat: -34.6037,
      ubicacion_lon: -58.3816,
      radio_km: 10,
    });
    setPage(1);
  };

  const getCurrentLocation = () => {
    if (!navigator.geolocation) {
      toast.error('Tu navegador no soporta geolocalización');
      return;
    }

    setLocationLoading(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setFilters((prev) => ({
          ...prev,
          ubicacion_lat: position.coords.latitude,
          ubicacion_lon: position.coords.longitude,
        }));
        toast.success('Ubicación obtenida correctamente');
        setLocationLoading(false);
      },
      (error) => {
        console.error('Error obteniendo ubicación:', error);
        toast.error('No se pudo obtener tu ubicación');
        setLocationLoading(false);
      }
    );
  };

  const hasActiveFilters = Object.keys(filters).length > 3; // Más que lat, lon, radio

  const FilterSection = () => (
    <div className="space-y-6">
      <div>
        <h3 className="mb-4 text-lg font-semibold text-slate-900">Filtros</h3>
        {hasActiveFilters && (
          <Button
            variant="ghost"
            size="sm"
            onClick={clearFilters}
            className="mb-4 w-full text-orange-500"
          >
            <X className="mr-2 h-4 w-4" />
            Limpiar filtros
          </Button>
        )}
      </div>

      <Separator />

      {/* Ubicación */}
      <div className="space-y-2">
        <Label>Mi Ubicación</Label>
        <Button
          variant="outline"
          className="w-full justify-start"
          onClick={getCurrentLocation}
          disabled={locationLoading}
        >
          {locationLoading ? (
            <>
              <Loader2 className="mr-2 h-4 w-4 animate-spin" />
              Obteniendo ubicación...
            </>
          ) : (
            <>
              <MapPin className="mr-2 h-4 w-4" />
              Usar mi ubicación actual
            </>
          )}
        </Button>
        <p className="text-xs text-muted-foreground">
          Lat: {filters.ubicacion_lat.toFixed(4)}, Lon: {filters.ubicacion_lon.toFixed(4)}
        </p>
      </div>

      <Separator />

      {/* Radio de búsqueda */}
      <div className="space-y-2">
        <Label htmlFor="radio">Radio de búsqueda</Label>
        <Select
          value={filters.radio_km?.toString() || '10'}
          onValueChange={(value) => handleFilterChange('radio_km', parseInt(value))}
        >
          <SelectTrigger id="radio">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="5">5 km</SelectItem>
            <SelectItem value="10">10 km</SelectItem>
            <SelectItem value="15">15 km</SelectItem>
            <SelectItem value="20">20 km</SelectItem>
            <SelectItem value="30">30 km</SelectItem>
            <SelectItem value="50">50 km</SelectItem>
          </SelectContent>
        </Select>
      </div>

      {/* Oficio Filter */}
      <div className="space-y-2">
        <Label htmlFor="oficio">Oficio</Label>
        <Select
          value={filters.oficio || 'all'}
          onValueChange={(value) => handleFilterChange('oficio', value === 'all' ? undefined : value)}
        >
          <SelectTrigger id="oficio">
            <SelectValue placeholder="Todos los oficios" />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">Todos los oficios</SelectItem>
            {oficios?.map((oficio) => (
              <SelectItem key={oficio.id} value={oficio.nombre}>
                {oficio.nombre}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>

      {/* Tarifa Filter */}
      <div className="space-y-2">
        <Label>Tarifa por Hora ($)</Label>
        <div className="space-y-2">
          <div>
            <Label htmlFor="tarifa_min" className="text-xs text-slate-500">
              Mínimo
            </Label>
            <Input
              id="tarifa_min"
              type="number"
              placeholder="0"
              min="0"
              value={filters.tarifa_min || ''}
              onChange={(e) =>
                handleFilterChange('tarifa_min', e.target.value ? parseFloat(e.target.value) : undefined)
              }
            />
          </div>
          <div>
            <Label htmlFor="tarifa_max" className="text-xs text-slate-500">
              Máximo
            </Label>
            <Input
              id="tarifa_max"
              type="number"
              placeholder="10000"
              min="0"
              value={filters.tarifa_max || ''}
              onChange={(e) =>
                handleFilterChange('tarifa_max', e.target.value ? parseFloat(e.target.value) : undefined)
              }
            />
          </div>
        </div>
      </div>

      {/* Rating Filter */}
      <div className="space-y-2">
        <Label htmlFor="rating">Calificación Mínima</Label>
        <Select
          value={filters.rating_min?.toString() || 'all'}
          onValueChange={(value) =>
            handleFilterChange('rating_min', value === 'all' ? undefined : parseFloat(value))
          }
        >
          <SelectTrigger id="rating">
            <SelectValue placeholder="Cualquier calificación" />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">Cualquier calificación</SelectItem>
            <SelectItem value="4.5">4.5+ ⭐</SelectItem>
            <SelectItem value="4">4.0+ ⭐</SelectItem>
            <SelectItem value="3.5">3.5+ ⭐</SelectItem>
            <SelectItem value="3">3.0+ ⭐</SelectItem>
          </SelectContent>
        </Select>
      </div>

      {/* Disponibilidad */}
      <div className="space-y-2">
        <Label htmlFor="disponibilidad">Disponibilidad</Label>
        <Select
          value={filters.solo_disponibles_ahora ? 'si' : 'todos'}
          onValueChange={(value) =>
            handleFilterChange('solo_disponibles_ahora', value === 'si')
          }
        >
          <SelectTrigger id="disponibilidad">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="todos">Todos</SelectItem>
            <SelectItem value="si">Solo disponibles ahora</SelectItem>
          </SelectContent>
        </Select>
      </div>

      {/* Aplicar filtros */}
      <Button className="w-full" onClick={() => refetch()}>
        Aplicar Filtros
      </Button>
    </div>
  );

  return (
    <div className="bg-slate-50 py-8">
      <div className="container mx-auto px-4 sm:px-6 lg:px-8">
        {/* Header */}
        <div className="mb-8">
          <h1 className="text-3xl font-bold text-slate-900 sm:text-4xl">
            Explorar Profesionales
          </h1>
          <p className="mt-2 text-slate-600">
            {isLoading 
              ? 'Buscando...' 
              : data 
                ? `${data.length} profesional${data.length !== 1 ? 'es' : ''} encontrado${data.length !== 1 ? 's' : ''}`
                : 'Cargando...'
            }
          </p>
        </div>

        <div className="grid grid-cols-1 gap-8 lg:grid-cols-4">
          {/* Filters - Desktop */}
          <aside className="hidden lg:block">
            <Card className="sticky top-24">
              <CardContent className="pt-6">
                <FilterSection />
              </CardContent>
            </Card>
          </aside>

          {/* Mobile Filter Button */}
          <div className="lg:hidden">
            <Button
              variant="outline"
              onClick={() => setMobileFiltersOpen(!mobileFiltersOpen)}
              className="w-full"
            >
              <Filter className="mr-2 h-4 w-4" />
              {hasActiveFilters ? 'Filtros activos' : 'Mostrar filtros'}
            </Button>
          </div>

          {/* Mobile Filters */}
          {mobileFiltersOpen && (
            <div className="lg:hidden">
              <Card>
                <CardContent className="pt-6">
                  <FilterSection />
                </CardContent>
              </Card>
            </div>
          )}

          {/* Results */}
          <div className="lg:col-span-3">
            {isLoading ? (
              <div className="grid grid-cols-1 gap-6 sm:grid-cols-2 xl:grid-cols-3">
                {[1, 2, 3, 4, 5, 6].map((i) => (
                  <div
                    key={i}
                    className="h-64 animate-pulse rounded-lg border border-slate-200 bg-white"
                  />
                ))}
              </div>
            ) : data && data.length > 0 ? (
              <>
                <div className="grid grid-cols-1 gap-6 sm:grid-cols-2 xl:grid-cols-3">
                  {data.map((professional: SearchResult) => (
                    <ProfessionalCard key={professional.id} professional={professional} />
                  ))}
                </div>

                {/* Pagination */}
                {data.length > 12 && (
                  <div className="mt-8 flex items-center justify-center space-x-2">
                    <Button
                      variant="outline"
                      disabled={page === 1}
                      onClick={() => setPage((p) => p - 1)}
                    >
                      Anterior
                    </Button>
                    <span className="text-sm text-slate-600">
                      Página {page}
                    </span>
                    <Button
                      variant="outline"
                      disabled={page * 12 >= data.length}
                      onClick={() => setPage((p) => p + 1)}
                    >
                      Siguiente
                    </Button>
                  </div>
                )}
              </>
            ) : (
              <Card>
                <CardContent className="p-12 text-center">
                  <p className="text-slate-500">
                    No se encontraron profesionales con estos filtros.
                  </p>
                  {hasActiveFilters && (
                    <Button
                      variant="outline"
                      onClick={clearFilters}
                      className="mt-4"
                    >
                      Limpiar filtros
                    </Button>
                  )}
                </CardContent>
              </Card>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
