set terminal svg size 1100,520 dynamic background '#ffffff'
set output 'bench/report_fixture/ratios.svg'
set title 'time / static time, per workload (lower is faster; 1 = as fast as ctgrad static)'
set datafile missing '?'
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set logscale y
set yrange [0.1:1000]
set grid ytics
set xtics rotate by -30 noenhanced
set bmargin 7
set key outside right top noenhanced
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb '#444444'
plot for [i=2:9] 'bench/report_fixture/ratios.dat' using i:xtic(1) title columnheader(i)
