# ruling.sh - sourced by tests and benchmarks that draw ruled paper
#
# ruling KIND W H: ImageMagick's -draw for the lines of a page W x H, as
# wide as A4 (210 mm), of ruled paper (KIND seyes: a French school exercise
# book's, violet lines every 2 mm, darker every 8 mm, uprights every 8 mm,
# a red margin) or squared paper (squared: light blue lines every 5 mm both
# ways)
ruling() {
	local k=$1 W=$2 H=$3 x y i=0
	if [ "$k" = squared ]; then
		echo "stroke rgb(150,190,235) stroke-width 2"
		for ((y = W * 5 / 210; y < H; y += W * 5 / 210)); do echo "line 0,$y $W,$y"; done
		for ((x = W * 5 / 210; x < W; x += W * 5 / 210)); do echo "line $x,0 $x,$H"; done
		return
	fi
	for ((y = W * 20 / 210; y < H; y += W * 2 / 210)); do
		if [ $((i++ % 4)) = 0 ]; then
			echo "stroke rgb(125,110,200) stroke-width 2 line 0,$y $W,$y"
		else
			echo "stroke rgb(185,175,230) stroke-width 1 line 0,$y $W,$y"
		fi
	done
	for ((x = W * 8 / 210; x < W; x += W * 8 / 210)); do
		echo "stroke rgb(125,110,200) stroke-width 2 line $x,0 $x,$H"
	done
	echo "stroke rgb(225,70,80) stroke-width 3 line $((W * 30 / 210)),0 $((W * 30 / 210)),$H"
}
